package dev.taskledger.protocol;

import java.util.HashMap;
import java.util.Map;

/**
 * Every kind of error the server answers, one problem {@code type} each ({@code urn:taskledger:problem:<slug>}).
 * The types are part of the public API (docs/api.md lists them): the server chooses one for every error it sends,
 * and clients switch on the type, never on the detail text, which may be reworded at any time.
 *
 * <p>A 409 always says why: the call conflicts with the task's state in one of the ways below, and a worker
 * needs to tell them apart ({@link #LEASE_LOST} and {@link #TASK_CANCELLED}: drop the task and report nothing).
 */
public enum ProblemType {
    /** A query parameter, header or non-JSON body that cannot be understood. */
    BAD_REQUEST(400, "bad-request", "Bad request"),
    /** The body is not JSON, or not the JSON document the endpoint takes (an array for an object, ...). */
    MALFORMED_JSON(400, "malformed-json", "Malformed JSON"),
    UNAUTHORIZED(401, "unauthorized", "Unauthorized"),
    /** The key may not do this, or the request came from a web page of another origin. */
    FORBIDDEN(403, "forbidden", "Forbidden"),
    NOT_FOUND(404, "not-found", "Not found"),
    METHOD_NOT_ALLOWED(405, "method-not-allowed", "Method not allowed"),
    /** The client took too long to send its request. */
    REQUEST_TIMEOUT(408, "request-timeout", "Request timeout"),
    /** The lease token is no longer the task's: the lease expired and the task went back to the queue or to another worker. */
    LEASE_LOST(409, "lease-lost", "Lease lost"),
    /** The task was cancelled: a worker stops and reports nothing. */
    TASK_CANCELLED(409, "task-cancelled", "Task cancelled"),
    /**
     * The attempt ran past its execution timeout ({@code timeout_seconds}): the server failed it with error
     * {@code timed out} (retried by the usual rules); a worker stops the handler and reports nothing.
     */
    TIMED_OUT(409, "timed-out", "Task timed out"),
    /** complete, fail, heartbeat or release of a task that is not processing (and not cancelled). */
    NOT_PROCESSING(409, "not-processing", "Task not processing"),
    /** Claim by id of a task that is not pending, or not ready yet. */
    NOT_CLAIMABLE(409, "not-claimable", "Task not claimable"),
    /** Cancel of a task that is already finished. */
    NOT_CANCELLABLE(409, "not-cancellable", "Task not cancellable"),
    /** Retry of a task that is neither failed nor cancelled. */
    NOT_RETRYABLE(409, "not-retryable", "Task not retryable"),
    /** The task kept changing while the call tried to apply; sending it again is safe. */
    CONCURRENT_UPDATE(409, "concurrent-update", "Concurrent update"),
    /** A unique key other than the idempotency key is taken (a batch repeating an id, say). */
    DUPLICATE(409, "duplicate", "Duplicate"),
    /** {@code If-Match} names a version the task is no longer at. */
    PRECONDITION_FAILED(412, "precondition-failed", "Precondition failed"),
    PAYLOAD_TOO_LARGE(413, "payload-too-large", "Payload too large"),
    URI_TOO_LONG(414, "uri-too-long", "URI too long"),
    /** A JSON endpoint was sent a body labelled as something else (a form, plain text). */
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "Unsupported media type"),
    /** A field's value is out of bounds, of the wrong type, or not allowed; the detail names the field. */
    INVALID_VALUE(422, "invalid-value", "Invalid field value"),
    HEADERS_TOO_LARGE(431, "headers-too-large", "Request headers too large"),
    /** A bug: the server's log has the details under the request id. */
    INTERNAL(500, "internal", "Internal server error"),
    /** The database (or the server) cannot serve the request now; sending it again later is safe. */
    UNAVAILABLE(503, "unavailable", "Service unavailable");

    /** Prefix of every problem {@code type}: URNs name the kind of problem without promising a web page. */
    public static final String PREFIX = "urn:taskledger:problem:";

    private static final Map<String, ProblemType> BY_URI = new HashMap<>();

    static {
        for (ProblemType t : values()) {
            BY_URI.put(t.uri(), t);
        }
    }

    private final int status;
    private final String slug;
    private final String title;

    ProblemType(int status, String slug, String title) {
        this.status = status;
        this.slug = slug;
        this.title = title;
    }

    /** The HTTP status this problem is answered with. */
    public int status() {
        return status;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    /** The problem's {@code type}, e.g. {@code urn:taskledger:problem:lease-lost}. */
    public String uri() {
        return PREFIX + slug;
    }

    /** The type a problem document names, or null when it names none of these. */
    public static ProblemType fromUri(String uri) {
        return uri == null ? null : BY_URI.get(uri);
    }

    /**
     * The type for an error known only by its HTTP status (an error the HTTP server answers before any route):
     * the one type of that status, else the general one of its class.
     */
    public static ProblemType forStatus(int status) {
        ProblemType only = null;
        for (ProblemType t : values()) {
            if (t.status == status) {
                if (only != null) {
                    only = null;
                    break;
                }
                only = t;
            }
        }
        if (only != null) {
            return only;
        }
        return switch (status) {
            case 400 -> BAD_REQUEST;
            case 409 -> CONCURRENT_UPDATE;
            default -> status >= 500 ? INTERNAL : BAD_REQUEST;
        };
    }
}
