package dev.taskledger.server.http;

import dev.taskledger.common.Ids;
import dev.taskledger.common.ServiceException;
import io.javalin.config.Key;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Reads the parts of a request every route group needs: the caller's tenant, ids, query parameters, headers. */
public final class Requests {
    static final Key<Authenticator> AUTHENTICATOR = new Key<>("taskledger.authenticator");
    private static final String CALLER = "taskledger.caller";
    private static final String WORKER_ENDPOINT = "taskledger.worker-endpoint";

    /** Marks the request as one to an endpoint a shared worker may call ({@link Access#WORKER}). */
    static void markWorkerEndpoint(Context ctx) {
        ctx.attribute(WORKER_ENDPOINT, Boolean.TRUE);
    }

    private Requests() {}

    /** The tenant this request acts for; authenticates now if that has not happened yet (public endpoints). */
    public static String tenant(Context ctx) {
        Authenticator.Caller caller = caller(ctx);
        if (caller.isSharedWorker() && ctx.attribute(WORKER_ENDPOINT) == null) { // a public endpoint, say
            throw HttpProblem.forbidden("a worker key may only claim, and heartbeat, complete, fail or release what it"
                    + " claimed; it cannot read, list or change anything else");
        }
        if (caller.tenant() == null) { // a shared worker that named no tenant: only its claim may do that
            throw ServiceException.badRequest(Authenticator.TENANT_HEADER + " is required with a worker key: name the"
                    + " tenant of the task (each claimed task says it in 'tenant')");
        }
        return caller.tenant();
    }

    /** The authenticated caller; see {@link Authenticator#authenticate}. */
    public static Authenticator.Caller caller(Context ctx) {
        Authenticator.Caller caller = ctx.attribute(CALLER);
        if (caller == null) {
            caller = ctx.appData(AUTHENTICATOR).authenticate(ctx);
            ctx.attribute(CALLER, caller);
        }
        return caller;
    }

    /** The path parameter {@code name} as a UUID; a value that is not one names no task, so it is a 404. */
    public static UUID pathId(Context ctx, String name) {
        String text = ctx.pathParam(name);
        UUID id = Ids.parseOrNull(text);
        if (id == null) {
            throw ServiceException.notFound("no task " + text);
        }
        return id;
    }

    /** The first non-blank value among the query parameters {@code names}; null when none is given. */
    public static String query(Context ctx, String... names) {
        for (String name : names) {
            String value = queryParam(ctx, name);
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        return null;
    }

    /** The first value of the query parameter {@code name} as sent (strictly decoded, see {@link FormFields}), or null. */
    public static String queryParam(Context ctx, String name) {
        List<String> values = queryParams(ctx, name);
        return values.isEmpty() ? null : values.getFirst();
    }

    /** Every value of the query parameter {@code name} as sent (strictly decoded, see {@link FormFields}). */
    public static List<String> queryParams(Context ctx, String name) {
        return FormFields.query(ctx).getOrDefault(name, List.of());
    }

    /** Every value of the query parameters {@code names}, also split at commas ({@code ?types=a,b&type=c}). */
    public static List<String> queryList(Context ctx, String... names) {
        List<String> all = new ArrayList<>();
        for (String name : names) {
            for (String value : queryParams(ctx, name)) {
                for (String part : value.split(",")) {
                    if (!part.isBlank()) {
                        all.add(part.trim());
                    }
                }
            }
        }
        return all;
    }

    /** An integer query parameter; null when absent, 400 when not a whole number. */
    public static Integer queryInt(Context ctx, String name) {
        String value = query(ctx, name);
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value);
        } catch (NumberFormatException e) {
            throw HttpProblem.badRequest("query parameter " + name + " must be a whole number, was '" + value + "'");
        }
    }

    /** The first non-null of {@code values}, e.g. a body field and its query parameter fallback. */
    @SafeVarargs
    public static <T> T firstNonNull(T... values) {
        for (T value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    /**
     * The version an {@code If-Match} header requires (a quoted, weak or bare number); null when absent or
     * {@code *}. A value that is no version can match no version, so it is a 412.
     */
    public static Integer ifMatchVersion(Context ctx) {
        String header = ctx.header("If-Match");
        if (header == null || header.isBlank() || header.trim().equals("*")) {
            return null;
        }
        String tag = header.trim();
        if (tag.startsWith("W/")) {
            tag = tag.substring(2);
        }
        if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
            tag = tag.substring(1, tag.length() - 1);
        }
        try {
            return Integer.valueOf(tag);
        } catch (NumberFormatException e) {
            throw ServiceException.preconditionFailed("If-Match " + header + " matches no version of this task");
        }
    }

    /** The strong ETag for a version, as sent in {@code ETag} and accepted in {@code If-Match}. */
    public static String etag(int version) {
        return "\"" + version + "\"";
    }
}
