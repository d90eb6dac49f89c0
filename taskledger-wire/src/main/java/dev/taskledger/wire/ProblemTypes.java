package dev.taskledger.wire;

import dev.taskledger.common.ServiceException;
import dev.taskledger.protocol.ProblemType;
import dev.taskledger.store.StoreException;

/**
 * Which {@link ProblemType} an error of the services or the store is: the one rule both the HTTP server (its
 * problem+json answers) and the embedded client (its typed exceptions) follow, so a caller sees the same error either way.
 */
public final class ProblemTypes {
    private ProblemTypes() {}

    /** The problem type of a service error: its kind, and for a 409 about a task, the reason. */
    public static ProblemType typeOf(ServiceException e) {
        if (e instanceof ServiceException.TaskConflict c) {
            return switch (c.reason()) {
                case LEASE_LOST -> ProblemType.LEASE_LOST;
                case CANCELLED -> ProblemType.TASK_CANCELLED;
                case TIMED_OUT -> ProblemType.TIMED_OUT;
                case NOT_PROCESSING -> ProblemType.NOT_PROCESSING;
                case NOT_CLAIMABLE, WAITING_FOR_PARENTS -> ProblemType.NOT_CLAIMABLE;
                case NOT_CANCELLABLE -> ProblemType.NOT_CANCELLABLE;
                case NOT_RETRYABLE -> ProblemType.NOT_RETRYABLE;
                case CONCURRENT_UPDATE -> ProblemType.CONCURRENT_UPDATE;
            };
        }
        return switch (e.kind()) {
            case BAD_REQUEST -> ProblemType.BAD_REQUEST;
            case NOT_FOUND -> ProblemType.NOT_FOUND;
            case CONFLICT -> ProblemType.CONCURRENT_UPDATE;
            case PRECONDITION_FAILED -> ProblemType.PRECONDITION_FAILED;
            case PAYLOAD_TOO_LARGE -> ProblemType.PAYLOAD_TOO_LARGE;
            case INVALID -> ProblemType.INVALID_VALUE;
            case UNAVAILABLE -> ProblemType.UNAVAILABLE;
        };
    }

    /** The task's current status a service error reports (a 409 about a task), or null. */
    public static String currentStatusOf(ServiceException e) {
        return e instanceof ServiceException.TaskConflict c ? c.currentStatus() : null;
    }

    /** A conflict the store's retries could not resolve is the caller's to try again; so is an outage. */
    public static ProblemType typeOf(StoreException e) {
        return switch (e) {
            case StoreException.DuplicateKey d -> ProblemType.DUPLICATE;
            case StoreException.VersionConflict v -> ProblemType.CONCURRENT_UPDATE;
            case StoreException.TransientConflict t -> ProblemType.UNAVAILABLE;
            case StoreException.Unavailable u -> ProblemType.UNAVAILABLE;
        };
    }
}
