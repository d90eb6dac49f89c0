package dev.taskledger.server;

class PostgresDatabaseOutageTest extends DatabaseOutageContract {
    @Override
    protected Backend newBackend() {
        return Backend.postgres();
    }
}
