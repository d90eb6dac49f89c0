package dev.taskledger.server;

/** The console in Chromium against a server on SQLite. */
class SqliteConsoleBrowserTest extends ConsoleBrowserContract {
    @Override protected Backend newBackend() { return Backend.sqlite(); }

    @Override protected String backendName() { return "sqlite"; }
}
