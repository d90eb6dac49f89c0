package dev.taskledger.server;

import dev.taskledger.server.ledger.LedgerApiContract;
import dev.taskledger.server.ledger.LedgerBulkContract;
import dev.taskledger.server.ledger.ReplicLedgerContract;
import dev.taskledger.server.outbox.OutboxRelayContract;
import org.junit.jupiter.api.Nested;

/**
 * The server's contracts on SQLite (each contract a fresh file). SQLite runs inside one process: no other node
 * shares it and it cannot stop answering, so the cross-node and outage contracts do not apply.
 * Each contract runs as a nested class against a server (or relay) of its own; a contract added for this backend
 * is one line here.
 */
class SqliteServerContractsTest {

    private static Backend backend() {
        return Backend.sqlite();
    }

    @Nested class TaskApi extends TaskApiContract { @Override protected Backend newBackend() { return backend(); } }
    @Nested class WorkerApi extends WorkerApiContract { @Override protected Backend newBackend() { return backend(); } }
    @Nested class HttpErrors extends HttpErrorsContract { @Override protected Backend newBackend() { return backend(); } }
    @Nested class InputValidation extends InputValidationContract { @Override protected Backend newBackend() { return backend(); } }
    @Nested class VanishedClient extends VanishedClientContract { @Override protected Backend newBackend() { return backend(); } }
    @Nested class LedgerApi extends LedgerApiContract { @Override protected Backend newBackend() { return backend(); } }
    @Nested class LedgerBulk extends LedgerBulkContract { @Override protected Backend newBackend() { return backend(); } }
    @Nested class ReplicLedger extends ReplicLedgerContract { @Override protected Backend newBackend() { return backend(); } }
    @Nested class OutboxRelay extends OutboxRelayContract { @Override protected Backend newBackend() { return backend(); } }
}
