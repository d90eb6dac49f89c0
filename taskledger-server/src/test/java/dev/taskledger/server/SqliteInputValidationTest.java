package dev.taskledger.server;

/** {@link InputValidationContract} against Sqlite (a fresh file). */
class SqliteInputValidationTest extends InputValidationContract {
    @Override
    protected Backend newBackend() {
        return Backend.sqlite();
    }
}
