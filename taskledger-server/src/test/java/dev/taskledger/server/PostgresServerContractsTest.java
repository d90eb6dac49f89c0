package dev.taskledger.server;

import dev.taskledger.server.ledger.LedgerApiContract;
import dev.taskledger.server.ledger.LedgerBulkContract;
import dev.taskledger.server.ledger.ReplicLedgerContract;
import dev.taskledger.server.outbox.OutboxRelayContract;
import org.junit.jupiter.api.Nested;

/**
 * The server's contracts on PostgreSQL (TASKLEDGER_TEST_POSTGRES_URL; skipped without it, each contract a fresh
 * schema, dropped after).
 * Each contract runs as a nested class against a server (or relay) of its own; a contract added for this backend
 * is one line here.
 */
class PostgresServerContractsTest {

    private static Backend backend() {
        return Backend.postgres();
    }

    @Nested class TaskApi extends TaskApiContract { @Override protected Backend newBackend() { return backend(); } }
    @Nested class WorkerApi extends WorkerApiContract { @Override protected Backend newBackend() { return backend(); } }
    @Nested class HttpErrors extends HttpErrorsContract { @Override protected Backend newBackend() { return backend(); } }
    @Nested class InputValidation extends InputValidationContract { @Override protected Backend newBackend() { return backend(); } }
    @Nested class VanishedClient extends VanishedClientContract { @Override protected Backend newBackend() { return backend(); } }
    @Nested class ClockSkew extends CrossNodeClockSkewContract { @Override protected Backend newBackend() { return backend(); } }
    @Nested class DatabaseOutage extends DatabaseOutageContract { @Override protected Backend newBackend() { return backend(); } }
    @Nested class LedgerApi extends LedgerApiContract { @Override protected Backend newBackend() { return backend(); } }
    @Nested class LedgerBulk extends LedgerBulkContract { @Override protected Backend newBackend() { return backend(); } }
    @Nested class ReplicLedger extends ReplicLedgerContract { @Override protected Backend newBackend() { return backend(); } }
    @Nested class OutboxRelay extends OutboxRelayContract { @Override protected Backend newBackend() { return backend(); } }

    @Nested class CrossNodeWakeUp extends CrossNodeWakeUpContract {
        @Override protected Backend newBackend() { return backend(); }
        @Override protected boolean notifies() { return true; }
        @Override protected long maxLatencyMs() { return 1000; }
    }
}
