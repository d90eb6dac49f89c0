package dev.taskledger.wire;

import dev.taskledger.common.ServiceException;
import dev.taskledger.protocol.BulkRequest;
import dev.taskledger.queue.InputHash;
import dev.taskledger.queue.TaskFilter;
import dev.taskledger.queue.TaskOrder;
import dev.taskledger.queue.TaskQuery;
import dev.taskledger.queue.TaskSort;
import dev.taskledger.queue.TaskStatus;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/** The wire's task filters (a listing's status, a bulk action's filter) to core's; the server and the embedded client share them. */
public final class TaskFilters {
    /** Tasks in a page when the caller names no limit. */
    public static final int DEFAULT_LIMIT = 100;

    private TaskFilters() {}

    /**
     * A listing's parameters as sent (null = not sent) to core's query: the status defaults to pending, or to every
     * status when an idempotency key is given; an empty key counts as absent, as for every filter, and a key is
     * taken as sent (a create's key is not trimmed either); {@code sort} and {@code order} as docs/api.md,
     * "Sorting task lists".
     */
    public static TaskQuery query(String tenant, String status, String type, List<String> tags, Instant createdAfter,
                                  Instant createdBefore, String idempotencyKey, String sort, String order, Integer limit,
                                  String cursor) {
        String key = idempotencyKey == null || idempotencyKey.isEmpty() ? null : idempotencyKey;
        TaskStatus taskStatus = status == null && key != null ? null : status(status);
        TaskOrder taskOrder = TaskOrder.of(taskStatus, sort(sort), descending(order));
        return new TaskQuery(tenant, taskStatus, type, tags(tags), createdAfter, createdBefore,
                key == null ? null : InputHash.ofKey(key), taskOrder, limit == null ? DEFAULT_LIMIT : limit, cursor);
    }

    private static TaskSort sort(String text) {
        if (text == null) {
            return null;
        }
        return TaskSort.parse(text).orElseThrow(() -> ServiceException.badRequest("unknown sort '" + text
                + "': use created_at (any status) or priority (status=pending)"));
    }

    /** Null means the sort's own direction. */
    private static Boolean descending(String text) {
        if (text == null) {
            return null;
        }
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "asc" -> false;
            case "desc" -> true;
            default -> throw ServiceException.badRequest("unknown order '" + text + "': use asc or desc");
        };
    }

    /** The filter of a bulk action's body; its status is required ({@code all} for every status). */
    public static TaskFilter filter(BulkRequest.Filter filter, String tenant) {
        if (filter == null || filter.status() == null) {
            throw ServiceException.invalid("filter.status is required (e.g. {\"filter\": {\"status\": \"failed\", \"type\": \"email\"}})");
        }
        Map<String, String> tags = filter.tags() == null ? Map.of() : filter.tags();
        if (tags.values().stream().anyMatch(Objects::isNull)) {
            throw ServiceException.invalid("filter.tags values must be strings");
        }
        return new TaskFilter(tenant, status(filter.status()), filter.type(), tags, filter.createdAfter(), filter.createdBefore());
    }

    /** Null means every status. */
    public static TaskStatus status(String text) {
        if (text == null) {
            return TaskStatus.PENDING;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.equals("all") || lower.equals("any") || lower.equals("*")) {
            return null;
        }
        return TaskStatus.parse(text).orElseThrow(() -> ServiceException.badRequest("unknown status '" + text
                + "': use pending, processing (in_progress), completed, failed, cancelled, or all"));
    }

    /** {@code key:value} tag filters (all must match) as a map; a filter without a colon, or a key given twice, is refused. */
    public static Map<String, String> tags(List<String> filters) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (String tag : filters) {
            int colon = tag.indexOf(':');
            if (colon <= 0) {
                throw ServiceException.badRequest("tag filter '" + tag + "' must be key:value");
            }
            if (tags.put(tag.substring(0, colon), tag.substring(colon + 1)) != null) {
                throw ServiceException.badRequest("tag '" + tag.substring(0, colon) + "' is filtered twice");
            }
        }
        return tags;
    }
}
