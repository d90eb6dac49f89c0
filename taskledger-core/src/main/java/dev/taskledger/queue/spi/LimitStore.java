package dev.taskledger.queue.spi;

import dev.taskledger.queue.Limit;
import dev.taskledger.queue.Task;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * The {@code task_limits} table, and the reads of {@code tasks} that the limits need. A limit is keyed by
 * (tenant, type, concurrency key), where a null type or key is stored as the empty string.
 */
public interface LimitStore {

    /** How many tasks of one (type, concurrency key) are in some state; {@code concurrencyKey} null = none. */
    record Usage(String type, String concurrencyKey, long count) {}

    /** What a limited claim may look at: ready tasks of the tenant, in claim order, without the excluded ones. */
    record Candidates(String tenant, List<String> types, Collection<String> excludedTypes,
                      Collection<String> excludedKeys, Instant now, int limit) {}

    /** The tenant's limits, ordered by type then key. */
    List<Limit> list(String tenant);

    /**
     * {@link #list}, the rows locked until the transaction ends: limited claims of one tenant take their turns here,
     * so each counts what the one before it claimed. (SQLite's single writer serialises without locks; MongoDB
     * holds a lock document.)
     */
    List<Limit> lock(String tenant);

    /** Inserts or replaces the limit with its (tenant, type, key). */
    void put(Limit limit);

    /** Writes a limit's start window (the rest of the row unchanged). */
    void saveStarts(Limit limit);

    /** Deletes the limit; false when there was none. */
    boolean delete(String tenant, String type, String concurrencyKey);

    /** The tenant's processing tasks whose lease has not expired at {@code now}, counted per (type, key). */
    List<Usage> running(String tenant, Instant now);

    /** The tenant's pending tasks ready at {@code now}, counted per (type, key). */
    List<Usage> ready(String tenant, Instant now);

    /**
     * Up to {@code limit} ready pending tasks of the tenant in claim order (priority desc, run_at, id) whose type is
     * in {@code types} (empty: any) and not in {@code excludedTypes}, and whose key is null or not in
     * {@code excludedKeys}. Not locked: the claim writes each with a version check.
     */
    List<Task> candidates(Candidates c);
}
