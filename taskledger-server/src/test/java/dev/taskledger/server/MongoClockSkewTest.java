package dev.taskledger.server;

class MongoClockSkewTest extends CrossNodeClockSkewContract {
    @Override
    protected Backend newBackend() {
        return Backend.mongo();
    }
}
