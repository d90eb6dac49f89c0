package dev.taskledger.common;

/**
 * Errors that services raise for clients. The HTTP layer maps each kind to one status code and a
 * problem+json body; nothing else (and no stack trace) reaches a client.
 */
public sealed class TaskledgerException extends RuntimeException {
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

    protected TaskledgerException(Kind kind, String detail) {
        super(detail);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public static TaskledgerException badRequest(String detail) {
        return new TaskledgerException(Kind.BAD_REQUEST, detail);
    }

    public static TaskledgerException notFound(String detail) {
        return new TaskledgerException(Kind.NOT_FOUND, detail);
    }

    public static TaskledgerException conflict(String detail) {
        return new TaskledgerException(Kind.CONFLICT, detail);
    }

    public static TaskledgerException preconditionFailed(String detail) {
        return new TaskledgerException(Kind.PRECONDITION_FAILED, detail);
    }

    public static TaskledgerException tooLarge(String detail) {
        return new TaskledgerException(Kind.PAYLOAD_TOO_LARGE, detail);
    }

    public static TaskledgerException invalid(String detail) {
        return new TaskledgerException(Kind.INVALID, detail);
    }

    public static TaskledgerException unavailable(String detail) {
        return new TaskledgerException(Kind.UNAVAILABLE, detail);
    }

    /** A conflict that carries the task's current status, so a worker can tell "cancelled" from "lease lost". */
    public static final class TaskConflict extends TaskledgerException {
        private final String currentStatus;

        public TaskConflict(String detail, String currentStatus) {
            super(Kind.CONFLICT, detail);
            this.currentStatus = currentStatus;
        }

        public String currentStatus() {
            return currentStatus;
        }
    }
}
