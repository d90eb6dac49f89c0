package dev.taskledger.server;

/** {@link TaskApiContract} against MariaDB/MySQL (skipped without TASKLEDGER_TEST_MARIADB_URL). */
class MariadbTaskApiTest extends TaskApiContract {
    @Override
    protected Backend newBackend() {
        return Backend.mariadb();
    }
}
