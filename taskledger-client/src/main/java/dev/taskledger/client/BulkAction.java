package dev.taskledger.client;

import java.util.Locale;

/** What {@link TaskledgerClient#bulk} does to the tasks a filter selects. */
public enum BulkAction {
    /** failed or cancelled → pending (the filter's status must be failed or cancelled). */
    RETRY,
    /** pending or processing → cancelled (the filter's status must be pending or processing). */
    CANCEL,
    /** deleted with their events and results (any status, or "all"). */
    DELETE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
