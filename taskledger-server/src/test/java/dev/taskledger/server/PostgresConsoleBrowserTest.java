package dev.taskledger.server;

/** The console in Chromium against a server on PostgreSQL (TASKLEDGER_TEST_POSTGRES_URL; skipped without it). */
class PostgresConsoleBrowserTest extends ConsoleBrowserContract {
    @Override protected Backend newBackend() { return Backend.postgres(); }

    @Override protected String backendName() { return "postgres"; }
}
