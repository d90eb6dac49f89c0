package dev.taskledger.server;

/** {@link HttpErrorsContract} against PostgreSQL (skipped without TASKLEDGER_TEST_POSTGRES_URL). */
class PostgresHttpErrorsTest extends HttpErrorsContract {
    @Override
    protected Backend newBackend() {
        return Backend.postgres();
    }
}
