package dev.taskledger.server.ledger;

import dev.taskledger.common.ServiceException;
import dev.taskledger.common.Timestamps;
import dev.taskledger.ledger.LedgerStatus;
import dev.taskledger.server.http.FormFields;
import dev.taskledger.server.http.Requests;
import io.javalin.http.Context;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * Reads ledger fields from a request: form fields (multipart or urlencoded, on any method — the replic ledger's curl
 * scripts send {@code -F} on GET and DELETE too), then the query string. Each field has its API name and the
 * replic ledger's form name ({@code task_name}/{@code name}, ...); the first one present wins.
 */
final class LedgerParams {
    static final String[] NAME = {"task_name", "name"};
    static final String[] ITEM = {"task_item", "item"};
    static final String[] STATUS = {"status", "current_status"};
    static final String[] NOTE = {"note"};

    private final Map<String, List<String>> form;
    private final Context ctx;

    private LedgerParams(Context ctx, Map<String, List<String>> form) {
        this.ctx = ctx;
        this.form = form;
    }

    /** True when the body is a form (multipart or urlencoded), whatever the method. */
    static boolean isForm(Context ctx) {
        return FormFields.isForm(ctx);
    }

    /** Form fields (when the body is a form) and then the query string, both decoded strictly ({@link FormFields}). */
    static LedgerParams formOrQuery(Context ctx) {
        return new LedgerParams(ctx, FormFields.body(ctx));
    }

    /** The query string only (the body is left unread). */
    static LedgerParams query(Context ctx) {
        return new LedgerParams(ctx, Map.of());
    }

    /** The first value of the first of {@code names} that is present, or null. */
    String get(String... names) {
        for (String name : names) {
            List<String> values = form.get(name);
            if (values != null && !values.isEmpty()) {
                return values.getFirst();
            }
        }
        for (String name : names) {
            String value = Requests.queryParam(ctx, name);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    /** Like {@link #get} but {@code ""} when absent, as the original service read its form fields. */
    String orEmpty(String... names) {
        String value = get(names);
        return value == null ? "" : value;
    }

    /** The required name and item for a lookup: 400 naming the field when either is absent or empty. */
    String required(String[] names, String what) {
        String value = get(names);
        if (value == null || value.isEmpty()) {
            throw ServiceException.badRequest(what + " (form field '" + names[names.length - 1] + "') is required");
        }
        return value;
    }

    /** An optional status filter in any case; 400 for anything but the five values. */
    LedgerStatus status() {
        String text = get(STATUS);
        if (text == null || text.isEmpty()) {
            return null;
        }
        return LedgerStatus.parse(text).orElseThrow(() -> ServiceException.badRequest(
                "status '" + text + "' is not one of ok, fail, pending, partial, unknown"));
    }

    /**
     * {@code updated_after}: RFC 3339 ({@code 2024-08-26T14:14:31Z}) or the replic ledger's {@code 2024-08-26 14:14:31} (UTC), in
     * the years 0000-9999 (422 otherwise, checked here so that an export fails before its headers are set).
     */
    Instant updatedAfter() {
        String text = get("updated_after");
        if (text == null || text.isBlank()) {
            return null;
        }
        Instant after;
        try {
            after = Instant.parse(text.trim());
        } catch (DateTimeParseException e) {
            try {
                after = LocalDateTime.parse(text.trim().replace(' ', 'T')).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                throw ServiceException.badRequest("updated_after must be an RFC 3339 time such as 2024-08-26T14:14:31Z");
            }
        }
        return Timestamps.requireInRange("updated_after", after);
    }

    /** {@code limit}: default {@code fallback}; not a number is 400, the range is checked by the service (422). */
    int limit(int fallback) {
        String text = get("limit");
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw ServiceException.badRequest("limit must be a whole number, not '" + text + "'");
        }
    }
}
