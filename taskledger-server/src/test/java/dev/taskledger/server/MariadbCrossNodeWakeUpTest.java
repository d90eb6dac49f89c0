package dev.taskledger.server;

class MariadbCrossNodeWakeUpTest extends CrossNodeWakeUpContract {
    @Override
    protected Backend newBackend() {
        return Backend.mariadb();
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
