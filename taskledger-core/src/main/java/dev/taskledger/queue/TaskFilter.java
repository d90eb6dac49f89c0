package dev.taskledger.queue;

import java.time.Instant;
import java.util.Map;

/** The tasks of one tenant a bulk action selects: {@code status} null means every status; the rest as {@link TaskQuery}. */
public record TaskFilter(String tenant, TaskStatus status, String type, Map<String, String> tags,
                         Instant createdAfter, Instant createdBefore) {
    public TaskFilter {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    /** One page of the listing of these tasks. */
    TaskQuery page(int limit, String cursor) {
        return new TaskQuery(tenant, status, type, tags, createdAfter, createdBefore, limit, cursor);
    }
}
