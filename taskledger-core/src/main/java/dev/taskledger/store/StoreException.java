package dev.taskledger.store;

import java.util.UUID;

/** Backend failures, translated from driver errors; callers never see vendor codes. */
public sealed class StoreException extends RuntimeException
        permits StoreException.NotFound, StoreException.VersionConflict, StoreException.Unavailable,
        StoreException.DuplicateKey {

    protected StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The row the operation needs does not exist (for this tenant). */
    public static final class NotFound extends StoreException {
        public NotFound(String message) {
            super(message, null);
        }
    }

    /** An optimistic update found a different version than expected: someone else changed the row first. */
    public static final class VersionConflict extends StoreException {
        private final UUID taskId;

        public VersionConflict(UUID taskId, int expectedVersion) {
            super("task " + taskId + " is no longer at version " + expectedVersion, null);
            this.taskId = taskId;
        }

        public UUID taskId() {
            return taskId;
        }
    }

    /** A unique key other than the idempotency key was violated (for example a batch repeating an id). */
    public static final class DuplicateKey extends StoreException {
        public DuplicateKey(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The database cannot be reached or refused the operation for a reason the caller cannot fix. */
    public static final class Unavailable extends StoreException {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
