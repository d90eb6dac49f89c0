"""The package installs from a checkout without a package index, keeps the server's version, and keeps to
Python 3.9's syntax."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import taskledger
from conftest import PACKAGE_ROOT, REPO, skip_or_fail

SOURCES = sorted((PACKAGE_ROOT / "taskledger").glob("*.py"))


def test_version_is_the_servers_without_snapshot() -> None:
    pom = (REPO / "pom.xml").read_text(encoding="utf-8")
    project_version = re.search(r"<artifactId>taskledger-parent</artifactId>\s*<version>([^<]+)</version>", pom)
    assert project_version, "the parent pom's version"
    assert taskledger.__version__ == project_version.group(1).replace("-SNAPSHOT", "")


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_sources_parse_as_python_3_9(source: Path) -> None:
    text = source.read_text(encoding="utf-8")
    ast.parse(text, filename=str(source), feature_version=(3, 9))  # no match statements and other 3.10+ syntax
    if "->" in text or ": " in text:
        # annotations such as `X | None` must stay strings on 3.9
        assert "from __future__ import annotations" in text or source.name in ("__main__.py", "_version.py",
                                                                               "__init__.py")


def test_pip_installs_without_an_index_and_the_console_script_runs(tmp_path: Path) -> None:
    check = "import importlib.util as u, sys; sys.exit(not all(u.find_spec(m) for m in ('pip', 'setuptools', 'wheel')))"
    probe = subprocess.run([sys.executable, "-c", check], capture_output=True)
    if probe.returncode != 0:
        skip_or_fail(f"{sys.executable} lacks pip, setuptools or wheel (Debian: python3-pip python3-setuptools "
                     "python3-wheel)")
    source = tmp_path / "src"  # a copy: building writes build/ and *.egg-info next to the sources
    shutil.copytree(PACKAGE_ROOT, source, ignore=shutil.ignore_patterns("tests", "build", "*.egg-info",
                                                                         "__pycache__", "target"))
    target = tmp_path / "target"
    install = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-index", "--no-build-isolation",
                              "--target", str(target), str(source)], capture_output=True, text=True, timeout=300)
    assert install.returncode == 0, install.stdout + install.stderr
    assert (target / "taskledger" / "py.typed").exists()
    script = target / "bin" / "taskledger"
    run = subprocess.run([str(script), "--version"], capture_output=True, text=True, timeout=60,
                         env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"})
    assert run.returncode == 0 and run.stdout.strip() == f"taskledger {taskledger.__version__}"
