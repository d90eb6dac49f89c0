package dev.taskledger.server.queue;

import dev.taskledger.protocol.BulkRequest;
import dev.taskledger.queue.InputHash;
import dev.taskledger.queue.TaskFilter;
import dev.taskledger.queue.TaskOrder;
import dev.taskledger.queue.TaskQuery;
import dev.taskledger.queue.TaskSort;
import dev.taskledger.queue.TaskStatus;
import dev.taskledger.server.http.HttpProblem;
import dev.taskledger.server.http.Requests;
import io.javalin.http.Context;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/** The query string of {@code GET /api/v1/tasks} to a {@link TaskQuery}. */
final class TaskParams {
    static final int DEFAULT_LIMIT = 100;

    private TaskParams() {}

    /**
     * {@code status} (default pending, or all with an idempotency key; any case, the task persistence design's names
     * too, {@code all} for every status), {@code type}, {@code tag=k:v} (repeatable; all must match),
     * {@code created_after}, {@code created_before}, {@code idempotency_key} (exact), {@code sort} (created_at or
     * priority), {@code order} (asc or desc), {@code limit} (default 100) and {@code cursor}.
     */
    static TaskQuery from(Context ctx, String tenant) {
        Integer limit = Requests.queryInt(ctx, "limit");
        String sent = Requests.queryParam(ctx, "idempotency_key"); // as sent: a body's key is not trimmed either
        String key = sent == null || sent.isEmpty() ? null : sent; // empty is absent, as for every filter
        String statusText = Requests.query(ctx, "status");
        TaskStatus status = statusText == null && key != null ? null : status(statusText);
        TaskOrder order = TaskOrder.of(status, sort(Requests.query(ctx, "sort")), descending(Requests.query(ctx, "order")));
        return new TaskQuery(tenant, status, Requests.query(ctx, "type", "task_type"),
                tags(ctx), instant(ctx, "created_after"), instant(ctx, "created_before"),
                key == null ? null : InputHash.ofKey(key), order,
                limit == null ? DEFAULT_LIMIT : limit, Requests.query(ctx, "cursor"));
    }

    private static TaskSort sort(String text) {
        if (text == null) {
            return null;
        }
        return TaskSort.parse(text).orElseThrow(() -> HttpProblem.badRequest("unknown sort '" + text
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
            default -> throw HttpProblem.badRequest("unknown order '" + text + "': use asc or desc");
        };
    }

    /** The filter of a bulk action's body; its status is required ({@code all} for every status). */
    static TaskFilter filter(BulkRequest.Filter filter, String tenant) {
        if (filter == null || filter.status() == null) {
            throw HttpProblem.invalid("filter.status is required (e.g. {\"filter\": {\"status\": \"failed\", \"type\": \"email\"}})");
        }
        Map<String, String> tags = filter.tags() == null ? Map.of() : filter.tags();
        if (tags.values().stream().anyMatch(Objects::isNull)) {
            throw HttpProblem.invalid("filter.tags values must be strings");
        }
        return new TaskFilter(tenant, status(filter.status()), filter.type(), tags, filter.createdAfter(), filter.createdBefore());
    }

    /** Null means every status. */
    static TaskStatus status(String text) {
        if (text == null) {
            return TaskStatus.PENDING;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.equals("all") || lower.equals("any") || lower.equals("*")) {
            return null;
        }
        return TaskStatus.parse(text).orElseThrow(() -> HttpProblem.badRequest("unknown status '" + text
                + "': use pending, processing (in_progress), completed, failed, cancelled, or all"));
    }

    private static Map<String, String> tags(Context ctx) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (String tag : Requests.queryParams(ctx, "tag")) {
            int colon = tag.indexOf(':');
            if (colon <= 0) {
                throw HttpProblem.badRequest("tag filter '" + tag + "' must be key:value");
            }
            if (tags.put(tag.substring(0, colon), tag.substring(colon + 1)) != null) {
                throw HttpProblem.badRequest("tag '" + tag.substring(0, colon) + "' is filtered twice");
            }
        }
        return tags;
    }

    private static Instant instant(Context ctx, String name) {
        String value = Requests.query(ctx, name);
        if (value == null) {
            return null;
        }
        try {
            if (value.length() == 10) {
                return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return OffsetDateTime.parse(value.replace(' ', '+')).toInstant(); // '+' in a query string decodes to ' '
        } catch (DateTimeParseException e) {
            throw HttpProblem.badRequest(name + " must be an RFC 3339 timestamp such as 2026-01-31T12:00:00Z, was '" + value + "'");
        }
    }
}
