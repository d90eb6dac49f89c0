package dev.taskledger.server.queue;

import dev.taskledger.queue.TaskQuery;
import dev.taskledger.server.http.HttpProblem;
import dev.taskledger.server.http.Requests;
import dev.taskledger.wire.TaskFilters;
import io.javalin.http.Context;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** The query string of {@code GET /api/v1/tasks} to a {@link TaskQuery}. */
final class TaskParams {
    static final int DEFAULT_LIMIT = TaskFilters.DEFAULT_LIMIT;

    private TaskParams() {}

    /**
     * {@code status} (default pending, or all with an idempotency key; any case, the task persistence design's names
     * too, {@code all} for every status), {@code type}, {@code tag=k:v} (repeatable; all must match),
     * {@code created_after}, {@code created_before}, {@code idempotency_key} (exact, as sent: a body's key is not
     * trimmed either), {@code sort} (created_at or priority), {@code order} (asc or desc), {@code limit} (default 100)
     * and {@code cursor}.
     */
    static TaskQuery from(Context ctx, String tenant) {
        return TaskFilters.query(tenant, Requests.query(ctx, "status"), Requests.query(ctx, "type", "task_type"),
                Requests.queryParams(ctx, "tag"), instant(ctx, "created_after"), instant(ctx, "created_before"),
                Requests.queryParam(ctx, "idempotency_key"), Requests.query(ctx, "sort"), Requests.query(ctx, "order"),
                Requests.queryInt(ctx, "limit"), Requests.query(ctx, "cursor"));
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
