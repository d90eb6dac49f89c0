package dev.taskledger.server;

import dev.taskledger.server.ledger.LedgerApiContract;
import dev.taskledger.server.ledger.ReplicLedgerContract;
import dev.taskledger.server.outbox.OutboxRelayContract;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The server's contract suite for one backend, in the shape of the testkit's {@code StoreContractSuite}: a backend's
 * test class extends this and names its {@link Backend}, and JUnit runs every contract below as a nested class of it,
 * each against a server and a fresh database of its own. A contract added here runs on every backend. (The nested
 * classes call this suite's {@link #backend()}: the contracts have none.)
 *
 * <p>The contracts run concurrently, each with its own server and database; a contract's own tests run one after
 * another (they share its server). Contracts that must run alone are in {@link IsolatedServerContractsTest}.
 */
@Execution(value = ExecutionMode.CONCURRENT, reason = "each contract has a server and a database of its own")
abstract class ServerContractSuite {

    /** A fresh database of the backend; called once per contract, cleaned up by the contract. */
    protected abstract Backend backend();

    @Nested class TaskApi extends TaskApiContract { @Override protected Backend newBackend() { return backend(); } }
    @Nested class TaskStreamApi extends TaskStreamApiContract { @Override protected Backend newBackend() { return backend(); } }
    @Nested class TaskListApi extends TaskListApiContract { @Override protected Backend newBackend() { return backend(); } }
    @Nested class ActivityApi extends ActivityApiContract { @Override protected Backend newBackend() { return backend(); } }
    @Nested class BulkActions extends BulkActionsContract { @Override protected Backend newBackend() { return backend(); } }
    @Nested class WorkerApi extends WorkerApiContract { @Override protected Backend newBackend() { return backend(); } }
    @Nested class WorkflowApi extends WorkflowApiContract { @Override protected Backend newBackend() { return backend(); } }
    @Nested class Timeouts extends TimeoutApiContract { @Override protected Backend newBackend() { return backend(); } }
    @Nested class SharedWorkers extends SharedWorkerApiContract { @Override protected Backend newBackend() { return backend(); } }
    @Nested class HttpErrors extends HttpErrorsContract { @Override protected Backend newBackend() { return backend(); } }
    @Nested class InputValidation extends InputValidationContract { @Override protected Backend newBackend() { return backend(); } }
    @Nested class LedgerApi extends LedgerApiContract { @Override protected Backend newBackend() { return backend(); } }
    @Nested class ReplicLedger extends ReplicLedgerContract { @Override protected Backend newBackend() { return backend(); } }
    @Nested class ScheduleApi extends ScheduleApiContract { @Override protected Backend newBackend() { return backend(); } }
    @Nested class LimitApi extends LimitApiContract { @Override protected Backend newBackend() { return backend(); } }
    @Nested class OutboxRelay extends OutboxRelayContract { @Override protected Backend newBackend() { return backend(); } }
}
