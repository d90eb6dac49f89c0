package dev.taskledger.schedule;

import dev.taskledger.common.ServiceException;

import java.util.Locale;

/**
 * Whether a fire creates a task while the schedule's previous task is still pending or processing: {@link #ALLOW}
 * does, {@link #SKIP_IF_RUNNING} skips that fire time (with an audit event saying so).
 */
public enum Overlap {
    ALLOW, SKIP_IF_RUNNING;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The policy of a wire name (null: {@link #ALLOW}); 422 naming {@code overlap} otherwise. */
    public static Overlap parse(String text) {
        if (text == null) {
            return ALLOW;
        }
        for (Overlap o : values()) {
            if (o.wireName().equals(text)) {
                return o;
            }
        }
        throw ServiceException.invalid("overlap must be one of allow, skip_if_running; got '" + text + "'");
    }
}
