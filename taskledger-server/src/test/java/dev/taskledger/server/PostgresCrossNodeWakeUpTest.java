package dev.taskledger.server;

class PostgresCrossNodeWakeUpTest extends CrossNodeWakeUpContract {
    @Override
    protected Backend newBackend() {
        return Backend.postgres();
    }

    @Override
    protected boolean notifies() {
        return true;
    }

    @Override
    protected long maxLatencyMs() {
        return 1000;
    }
}
