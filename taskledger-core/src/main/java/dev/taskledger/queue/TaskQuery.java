package dev.taskledger.queue;

import java.time.Instant;
import java.util.Map;

/**
 * A listing filter. {@code status} null means every status. Pending tasks are ordered by claim order
 * (priority desc, run_at, id); other listings by id (creation order). {@code cursor} is opaque and
 * produced by the store for the same filter.
 */
public record TaskQuery(String tenant, TaskStatus status, String type, Map<String, String> tags,
                        Instant createdAfter, Instant createdBefore, int limit, String cursor) {
    public TaskQuery {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }
}
