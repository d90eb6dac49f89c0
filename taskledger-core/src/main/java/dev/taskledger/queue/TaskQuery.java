package dev.taskledger.queue;

import java.time.Instant;
import java.util.Map;

/**
 * A listing filter. {@code status} null means every status. {@code inputHash} non-null keeps the tasks with that
 * input hash (an idempotency key's, {@link InputHash#ofKey}), of any type unless {@code type} says. {@code order}
 * null is the default of {@link TaskOrder#of}: pending tasks in claim order (priority desc, run_at, id), other
 * listings by id (creation order). {@code cursor} is opaque and produced by the store for the same filter and order.
 */
public record TaskQuery(String tenant, TaskStatus status, String type, Map<String, String> tags,
                        Instant createdAfter, Instant createdBefore, String inputHash, TaskOrder order,
                        int limit, String cursor) {
    public TaskQuery {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        order = order == null ? TaskOrder.of(status, null, null) : TaskOrder.of(status, order.sort(), order.descending());
    }

    /** A listing in the default order, of any input hash. */
    public TaskQuery(String tenant, TaskStatus status, String type, Map<String, String> tags,
                     Instant createdAfter, Instant createdBefore, int limit, String cursor) {
        this(tenant, status, type, tags, createdAfter, createdBefore, null, null, limit, cursor);
    }

    /** The same listing from {@code next} on. */
    public TaskQuery withCursor(String next) {
        return new TaskQuery(tenant, status, type, tags, createdAfter, createdBefore, inputHash, order, limit, next);
    }
}
