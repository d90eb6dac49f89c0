package dev.taskledger.common;

/**
 * Errors that services raise for clients. The HTTP layer maps each kind to one status code and a
 * problem+json body; nothing else (and no stack trace) reaches a client.
 */
public sealed class ServiceException extends RuntimeException {
    private final Kind kind;

    /** The client-visible category; each maps to exactly one HTTP status. */
    public enum Kind {
        BAD_REQUEST(400, "Bad request"),
        NOT_FOUND(404, "Not found"),
        CONFLICT(409, "Conflict"),
        PRECONDITION_FAILED(412, "Precondition failed"),
        PAYLOAD_TOO_LARGE(413, "Payload too large"),
        INVALID(422, "Invalid field value"),
        UNAVAILABLE(503, "Service unavailable");

        public final int status;
        public final String title;

        Kind(int status, String title) {
            this.status = status;
            this.title = title;
        }
    }

    protected ServiceException(Kind kind, String detail) {
        super(detail);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public static ServiceException badRequest(String detail) {
        return new ServiceException(Kind.BAD_REQUEST, detail);
    }

    public static ServiceException notFound(String detail) {
        return new ServiceException(Kind.NOT_FOUND, detail);
    }

    /** The task kept changing while a call tried to apply (every optimistic attempt lost its race). */
    public static ServiceException concurrentUpdate(String detail) {
        return new TaskConflict(Conflict.CONCURRENT_UPDATE, detail, null);
    }

    public static ServiceException preconditionFailed(String detail) {
        return new ServiceException(Kind.PRECONDITION_FAILED, detail);
    }

    public static ServiceException invalid(String detail) {
        return new ServiceException(Kind.INVALID, detail);
    }

    /** Why a call conflicts with a task's state (409); each reason is its own problem type on the wire. */
    public enum Conflict {
        /** The lease token is no longer the task's (the lease expired; the task was requeued or claimed again). */
        LEASE_LOST,
        /** The task was cancelled: its worker stops and reports nothing. */
        CANCELLED,
        /**
         * The attempt ran past its execution timeout ({@code timeout_seconds}): the server fails it (retried by the
         * usual rules) and its worker stops the handler and reports nothing more.
         */
        TIMED_OUT,
        /** A worker call (complete, fail, heartbeat, release) on a task that is not processing. */
        NOT_PROCESSING,
        /** Claim by id of a task that is not pending or not ready. */
        NOT_CLAIMABLE,
        /** Cancel of a finished task. */
        NOT_CANCELLABLE,
        /** Retry of a task that is neither failed nor cancelled. */
        NOT_RETRYABLE,
        /** The task kept changing concurrently; trying again is safe. */
        CONCURRENT_UPDATE
    }

    /**
     * A 409 about a task: why ({@link #reason()}) and the task's current status (wire name; null when unknown), so
     * a worker can tell "cancelled" from "lease lost" without reading the message.
     */
    public static final class TaskConflict extends ServiceException {
        private final Conflict reason;
        private final String currentStatus;

        public TaskConflict(Conflict reason, String detail, String currentStatus) {
            super(Kind.CONFLICT, detail);
            this.reason = reason;
            this.currentStatus = currentStatus;
        }

        public Conflict reason() {
            return reason;
        }

        public String currentStatus() {
            return currentStatus;
        }
    }
}
