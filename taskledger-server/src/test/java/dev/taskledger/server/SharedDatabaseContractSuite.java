package dev.taskledger.server;

import org.junit.jupiter.api.Nested;

/**
 * {@link ServerContractSuite} plus the contracts of a database that several service nodes share over the network:
 * nodes with skewed clocks, a new task on one node waking a claim on another, and the database going silent.
 * (SQLite lives inside one process, so they do not apply to it.)
 */
abstract class SharedDatabaseContractSuite extends ServerContractSuite {

    /** Whether the database wakes other nodes itself ({@link CrossNodeWakeUpContract#notifies()}). */
    protected abstract boolean wakesOtherNodes();

    /** The slowest wake-up of another node accepted ({@link CrossNodeWakeUpContract#maxLatencyMs()}). */
    protected abstract long maxWakeUpLatencyMs();

    @Nested class ClockSkew extends CrossNodeClockSkewContract { @Override protected Backend newBackend() { return backend(); } }
    @Nested class DatabaseOutage extends DatabaseOutageContract { @Override protected Backend newBackend() { return backend(); } }

    @Nested class CrossNodeWakeUp extends CrossNodeWakeUpContract {
        @Override protected Backend newBackend() { return backend(); }
        @Override protected boolean notifies() { return wakesOtherNodes(); }
        @Override protected long maxLatencyMs() { return maxWakeUpLatencyMs(); }
    }
}
