package dev.taskledger.queue;

import dev.taskledger.common.ServiceException;

import java.util.Locale;

/**
 * What a waiting task does when one of its parents fails for good or is cancelled ({@code on_parent_failure}).
 * {@link #wireName()} is the API's spelling, {@link #dbName()} the stored one.
 */
public enum OnParentFailure {
    /** The task is cancelled too, and so, recursively, are its own waiting children that follow {@code cancel}. */
    CANCEL("cancel", "CANCEL"),
    /** The failed parent counts as finished: the task becomes pending once every parent has finished. */
    RUN("run", "RUN");

    private final String wireName;
    private final String dbName;

    OnParentFailure(String wireName, String dbName) {
        this.wireName = wireName;
        this.dbName = dbName;
    }

    public String wireName() {
        return wireName;
    }

    public String dbName() {
        return dbName;
    }

    /** The API's value; null means the default, {@link #CANCEL}; anything else is a 422 naming {@code field}. */
    public static OnParentFailure parse(String field, String text) {
        if (text == null) {
            return CANCEL;
        }
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "cancel" -> CANCEL;
            case "run" -> RUN;
            default -> throw ServiceException.invalid(field + " must be 'cancel' or 'run'");
        };
    }

    public static OnParentFailure fromDb(String dbName) {
        for (OnParentFailure p : values()) {
            if (p.dbName.equals(dbName)) {
                return p;
            }
        }
        throw new IllegalStateException("unknown on_parent_failure in database: " + dbName);
    }
}
