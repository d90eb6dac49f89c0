package dev.taskledger.server;

/** {@link WorkerApiContract} against a fresh SQLite file. */
class SqliteWorkerApiTest extends WorkerApiContract {
    @Override
    protected Backend newBackend() {
        return Backend.sqlite();
    }
}
