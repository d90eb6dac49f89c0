package dev.taskledger.store;

import java.util.UUID;

/** Backend failures, translated from driver errors; callers never see vendor codes. */
public abstract sealed class StoreException extends RuntimeException
        permits StoreException.VersionConflict, StoreException.TransientConflict, StoreException.Unavailable,
        StoreException.DuplicateKey {

    protected StoreException(String message, Throwable cause) {
        super(message, cause);
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

    /**
     * The database aborted the transaction for a reason that running it again resolves (deadlock, serialization
     * failure, lock wait timeout). {@link Store#inTransaction} runs it again a few times before giving up.
     */
    public static final class TransientConflict extends StoreException {
        public TransientConflict(String message, Throwable cause) {
            super(message, cause);
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
