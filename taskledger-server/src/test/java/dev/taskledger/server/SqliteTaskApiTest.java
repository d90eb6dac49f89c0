package dev.taskledger.server;

/** {@link TaskApiContract} against a fresh SQLite file. */
class SqliteTaskApiTest extends TaskApiContract {
    @Override
    protected Backend newBackend() {
        return Backend.sqlite();
    }
}
