package dev.taskledger.server;

/** {@link WorkerApiContract} against MariaDB/MySQL (skipped without TASKLEDGER_TEST_MARIADB_URL). */
class MariadbWorkerApiTest extends WorkerApiContract {
    @Override
    protected Backend newBackend() {
        return Backend.mariadb();
    }
}
