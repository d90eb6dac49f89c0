package dev.taskledger.client;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Filters and order of {@code GET /api/v1/tasks}. With no status the server lists pending tasks (in claim order), or
 * every status when an idempotency key is given. Immutable; each {@code with...} returns a copy.
 *
 * @param status         pending, processing, completed, failed, cancelled or all (case-insensitive); null = pending
 * @param type           only this task type
 * @param tags           {@code key:value} pairs that must all match
 * @param createdAfter   exclusive lower bound on created_at
 * @param createdBefore  exclusive upper bound on created_at
 * @param limit          page size, 1 to 1,000 (null = the server's default)
 * @param idempotencyKey only the tasks created with exactly this idempotency key (of any type unless {@code type})
 * @param sort           created_at (any status) or priority (pending only); null = the server's default
 * @param order          asc or desc; null = the sort's own direction
 */
public record TaskFilter(String status, String type, List<String> tags, Instant createdAfter, Instant createdBefore,
                         Integer limit, String idempotencyKey, String sort, String order) {
    public static final TaskFilter PENDING = new TaskFilter(null, null, List.of(), null, null, null, null, null, null);

    public TaskFilter {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    public static TaskFilter status(String status) {
        return PENDING.withStatus(status);
    }

    public TaskFilter withStatus(String value) {
        return new TaskFilter(value, type, tags, createdAfter, createdBefore, limit, idempotencyKey, sort, order);
    }

    public TaskFilter withType(String value) {
        return new TaskFilter(status, value, tags, createdAfter, createdBefore, limit, idempotencyKey, sort, order);
    }

    public TaskFilter withTag(String key, String value) {
        List<String> more = new ArrayList<>(tags);
        more.add(key + ":" + value);
        return new TaskFilter(status, type, more, createdAfter, createdBefore, limit, idempotencyKey, sort, order);
    }

    public TaskFilter createdBetween(Instant after, Instant before) {
        return new TaskFilter(status, type, tags, after, before, limit, idempotencyKey, sort, order);
    }

    public TaskFilter withLimit(int value) {
        return new TaskFilter(status, type, tags, createdAfter, createdBefore, value, idempotencyKey, sort, order);
    }

    /** Only the tasks created with this idempotency key (exact match). */
    public TaskFilter withIdempotencyKey(String value) {
        return new TaskFilter(status, type, tags, createdAfter, createdBefore, limit, value, sort, order);
    }

    /** Sorted by {@code by} (created_at or priority) in {@code direction} (asc or desc). */
    public TaskFilter sortedBy(String by, String direction) {
        return new TaskFilter(status, type, tags, createdAfter, createdBefore, limit, idempotencyKey, by, direction);
    }
}
