package dev.taskledger.server;

/** {@link InputValidationContract} against Mariadb (skipped without TASKLEDGER_TEST_MARIADB_URL). */
class MariadbInputValidationTest extends InputValidationContract {
    @Override
    protected Backend newBackend() {
        return Backend.mariadb();
    }
}
