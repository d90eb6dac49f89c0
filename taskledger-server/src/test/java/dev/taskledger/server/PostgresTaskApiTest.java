package dev.taskledger.server;

/** {@link TaskApiContract} against PostgreSQL (skipped without TASKLEDGER_TEST_POSTGRES_URL). */
class PostgresTaskApiTest extends TaskApiContract {
    @Override
    protected Backend newBackend() {
        return Backend.postgres();
    }
}
