package dev.taskledger.client;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Filters of {@code GET /api/v1/tasks}. With no status the server lists pending tasks (in claim order).
 * Immutable; each {@code with...} returns a copy.
 *
 * @param status        pending, processing, completed, failed or cancelled (case-insensitive); null = pending
 * @param type          only this task type
 * @param tags          {@code key:value} pairs that must all match
 * @param createdAfter  exclusive lower bound on created_at
 * @param createdBefore exclusive upper bound on created_at
 * @param limit         page size, 1 to 1,000 (null = the server's default)
 */
public record TaskFilter(String status, String type, List<String> tags, Instant createdAfter, Instant createdBefore,
                         Integer limit) {
    public static final TaskFilter PENDING = new TaskFilter(null, null, List.of(), null, null, null);

    public TaskFilter {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    public static TaskFilter status(String status) {
        return PENDING.withStatus(status);
    }

    public TaskFilter withStatus(String value) {
        return new TaskFilter(value, type, tags, createdAfter, createdBefore, limit);
    }

    public TaskFilter withType(String value) {
        return new TaskFilter(status, value, tags, createdAfter, createdBefore, limit);
    }

    public TaskFilter withTag(String key, String value) {
        List<String> more = new ArrayList<>(tags);
        more.add(key + ":" + value);
        return new TaskFilter(status, type, more, createdAfter, createdBefore, limit);
    }

    public TaskFilter createdBetween(Instant after, Instant before) {
        return new TaskFilter(status, type, tags, after, before, limit);
    }

    public TaskFilter withLimit(int value) {
        return new TaskFilter(status, type, tags, createdAfter, createdBefore, value);
    }
}
