"""The package version: the server's Maven version without ``-SNAPSHOT`` (a test keeps them in step)."""

__version__ = "0.1.0"
