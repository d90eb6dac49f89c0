package dev.taskledger.server;

/** {@link VanishedClientContract} against PostgreSQL (skipped without TASKLEDGER_TEST_POSTGRES_URL). */
class PostgresVanishedClientTest extends VanishedClientContract {
    @Override
    protected Backend newBackend() {
        return Backend.postgres();
    }
}
