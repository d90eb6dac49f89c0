package dev.taskledger.server;

/** {@link InputValidationContract} against Postgres (skipped without TASKLEDGER_TEST_POSTGRES_URL). */
class PostgresInputValidationTest extends InputValidationContract {
    @Override
    protected Backend newBackend() {
        return Backend.postgres();
    }
}
