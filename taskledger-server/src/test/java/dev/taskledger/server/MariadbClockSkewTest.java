package dev.taskledger.server;

class MariadbClockSkewTest extends CrossNodeClockSkewContract {
    @Override
    protected Backend newBackend() {
        return Backend.mariadb();
    }
}
