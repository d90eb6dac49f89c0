package dev.taskledger.server;

class MariadbDatabaseOutageTest extends DatabaseOutageContract {
    @Override
    protected Backend newBackend() {
        return Backend.mariadb();
    }
}
