package dev.taskledger.server;

class MongoCrossNodeWakeUpTest extends CrossNodeWakeUpContract {
    @Override
    protected Backend newBackend() {
        return Backend.mongo();
    }

    @Override
    protected boolean notifies() {
        return false;
    }

    @Override
    protected long maxLatencyMs() {
        return 2000;
    }
}
