package dev.taskledger.server;

/** {@link WorkerApiContract} against PostgreSQL (skipped without TASKLEDGER_TEST_POSTGRES_URL). */
class PostgresWorkerApiTest extends WorkerApiContract {
    @Override
    protected Backend newBackend() {
        return Backend.postgres();
    }
}
