package dev.taskledger.store;

import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A storage backend. Every method of the sub-stores reached through {@link StoreTx} runs inside one
 * transaction opened by {@link #inTransaction}: all its writes commit together or not at all.
 * Implementations translate driver errors into {@link StoreException} at their boundary.
 *
 * <p>Precision: services hand stores instants truncated to <b>milliseconds</b> (ledger times to whole
 * seconds); a store must return exactly the instants it was given. JSON text may contain any JSON,
 * including the NUL escape (backslash u0000), and free text (error, state, note) may contain U+0000: both must
 * round-trip exactly.
 */
public interface Store extends AutoCloseable {
    /** How often {@link #inTransaction} runs a transaction that keeps losing to concurrent ones, in all. */
    int CONFLICT_ATTEMPTS = 8;

    /**
     * Runs {@code work} in one transaction ({@link #inOneTransaction}) and commits when it returns; rolls back when
     * it throws and rethrows. A transaction that lost to another ({@link StoreException.VersionConflict},
     * {@link StoreException.TransientConflict}) runs again, from the start, after a short pause: this is the one
     * place that retries conflicts. {@code work} must therefore have no effect outside the transaction.
     */
    default <T> T inTransaction(Function<StoreTx, T> work) {
        return retryingConflicts(() -> inOneTransaction(work));
    }

    /**
     * Runs {@code transaction} as {@link #inTransaction} runs its transactions: again, after a pause, when it lost to a
     * concurrent one. For a backend's other transactions over the same database (the ledger's, the leases').
     */
    static <T> T retryingConflicts(Supplier<T> transaction) {
        return ConflictRetry.run(transaction);
    }

    /**
     * Runs {@code work} in one transaction, once: commits when it returns; rolls back when it throws and rethrows.
     * The {@link StoreTx} must not be used after {@code work} returns. Callers use {@link #inTransaction}.
     */
    <T> T inOneTransaction(Function<StoreTx, T> work);

    /** What this backend can do; contract tests skip visibly where a capability is missing. */
    StoreCapabilities capabilities();

    /** Creates or upgrades the schema to the newest version; safe to call on every start and from several nodes. */
    void migrate();

    /**
     * Reads the database server's clock, outside any transaction, for {@link dev.taskledger.common.DatabaseClock}
     * (which services judge leases and readiness by, so that nodes whose own clocks disagree still agree on
     * them). Empty where the database has no clock of its own: SQLite runs inside this process, on this host.
     *
     * @throws StoreException when the database cannot be reached
     */
    Optional<ClockReading> readClock();

    /** True when the database answers a trivial query within a second (for {@code /health}). */
    boolean isHealthy();

    /**
     * Calls {@code listener} with the tenant whenever a task of that tenant may have become ready on another
     * service node sharing this database (see {@link TaskStore#notifyReady}), and with null when it may be any
     * tenant's (when the listening connection opens, since notifications may have been missed before).
     * Backends without such notifications ({@link StoreCapabilities#listenNotify()} false) never call it;
     * nodes then rely on polling.
     *
     * @return closing it stops the notifications
     */
    default AutoCloseable subscribeReady(Consumer<String> listener) {
        return () -> { };
    }

    /** A loggable description without credentials, e.g. {@code postgresql://127.0.0.1:5432/test (schema taskledger)}. */
    String describe();

    @Override
    void close();
}
