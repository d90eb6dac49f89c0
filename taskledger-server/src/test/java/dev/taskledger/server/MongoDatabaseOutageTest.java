package dev.taskledger.server;

class MongoDatabaseOutageTest extends DatabaseOutageContract {
    @Override
    protected Backend newBackend() {
        return Backend.mongo();
    }
}
