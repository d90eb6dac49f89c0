package dev.taskledger.server;

import dev.taskledger.server.outbox.OutboxRelayContract;
import org.junit.jupiter.api.Nested;

/**
 * The server's contracts on MongoDB (the in-process mongo-java-server; each contract a fresh database).
 * Each contract runs as a nested class against a server (or relay) of its own; a contract added for this backend
 * is one line here.
 */
class MongoServerContractsTest {

    private static Backend backend() {
        return Backend.mongo();
    }

    @Nested class InputValidation extends InputValidationContract { @Override protected Backend newBackend() { return backend(); } }
    @Nested class ClockSkew extends CrossNodeClockSkewContract { @Override protected Backend newBackend() { return backend(); } }
    @Nested class DatabaseOutage extends DatabaseOutageContract { @Override protected Backend newBackend() { return backend(); } }
    @Nested class OutboxRelay extends OutboxRelayContract { @Override protected Backend newBackend() { return backend(); } }

    @Nested class CrossNodeWakeUp extends CrossNodeWakeUpContract {
        @Override protected Backend newBackend() { return backend(); }
        @Override protected boolean notifies() { return false; }
        @Override protected long maxLatencyMs() { return 2000; }
    }
}
