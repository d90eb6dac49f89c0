package dev.taskledger.server;

/** {@link HttpErrorsContract} against MariaDB/MySQL (skipped without TASKLEDGER_TEST_MARIADB_URL). */
class MariadbHttpErrorsTest extends HttpErrorsContract {
    @Override
    protected Backend newBackend() {
        return Backend.mariadb();
    }
}
