package dev.taskledger.server;

class PostgresClockSkewTest extends CrossNodeClockSkewContract {
    @Override
    protected Backend newBackend() {
        return Backend.postgres();
    }
}
