package dev.taskledger.server;

/** {@link VanishedClientContract} against a fresh SQLite file. */
class SqliteVanishedClientTest extends VanishedClientContract {
    @Override
    protected Backend newBackend() {
        return Backend.sqlite();
    }
}
