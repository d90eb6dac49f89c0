package dev.taskledger.client;

import dev.taskledger.protocol.ProblemDto;
import dev.taskledger.protocol.ProblemType;

/**
 * The server answered with an error. Carries the RFC 9457 problem the server sent ({@link #status()},
 * {@link #title()}, {@link #detail()}); subclasses name the statuses a caller typically handles.
 * Connection failures are {@link TransportException} instead (there is no answer to describe).
 */
public class TaskledgerException extends RuntimeException {
    private final int status;
    private final String title;
    private final String detail;
    private final String type;
    private final String requestId;

    public TaskledgerException(ProblemDto problem) {
        super(message(problem));
        this.status = problem.status();
        this.title = problem.title();
        this.detail = problem.detail();
        this.type = problem.type();
        this.requestId = problem.requestId();
    }

    /**
     * The exception of a problem: of its type (a lost lease is {@link LeaseLostException}), else of its status, keeping
     * its details. The HTTP client maps the server's answers through here, the embedded client its in-process errors.
     */
    public static TaskledgerException of(ProblemDto p) {
        if (ProblemType.fromUri(p.type()) == ProblemType.LEASE_LOST) {
            return new LeaseLostException(p);
        }
        return switch (p.status()) {
            case 400, 422 -> new ValidationException(p);
            case 401, 403 -> new UnauthorizedException(p);
            case 404 -> new NotFoundException(p);
            case 409 -> new ConflictException(p);
            case 412 -> new PreconditionFailedException(p);
            case 502, 503, 504 -> new ServerUnavailableException(p);
            default -> new TaskledgerException(p);
        };
    }

    /** For {@link TransportException}: no answer, so no status. */
    TaskledgerException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
        this.title = null;
        this.detail = message;
        this.type = null;
        this.requestId = null;
    }

    private static String message(ProblemDto p) {
        return p.status() + " " + (p.title() == null ? "" : p.title()) + (p.detail() == null ? "" : ": " + p.detail());
    }

    /** The HTTP status; 0 for a {@link TransportException}. */
    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return detail;
    }

    /** The problem's {@code type} URI, when the server sent one. */
    public String type() {
        return type;
    }

    /** The server's request id (also in its log line), when it sent one. */
    public String requestId() {
        return requestId;
    }
}
