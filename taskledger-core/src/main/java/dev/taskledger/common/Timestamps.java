package dev.taskledger.common;

import java.time.Instant;

/**
 * The range of instants a client may send: years 0000 to 9999 in UTC, the range every backend stores and compares
 * correctly. Beyond it PostgreSQL and MariaDB refuse the value (the request failed with a 500), and SQLite, which
 * keeps timestamps as fixed-width text, stored {@code +10000-01-01} and compared it as text (such a task was
 * claimed at once; a {@code created_after} of {@code +999999...} matched every task). Every timestamp input
 * (run_at, created_after/created_before, the ledger's updated_after) is checked here: 422 naming the field.
 */
public final class Timestamps {
    /** The first instant accepted: 0000-01-01T00:00:00Z. */
    public static final Instant MIN = Instant.parse("0000-01-01T00:00:00Z");
    /** The last instant accepted: 9999-12-31T23:59:59.999999999Z. */
    public static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private Timestamps() {}

    /** Whether {@code t} lies in years 0000 to 9999 (UTC). */
    public static boolean inRange(Instant t) {
        return !t.isBefore(MIN) && !t.isAfter(MAX);
    }

    /** {@code t} (may be null) unchanged; 422 naming {@code field} when it lies outside years 0000 to 9999. */
    public static Instant requireInRange(String field, Instant t) {
        if (t != null && !inRange(t)) {
            throw ServiceException.invalid(field + " must lie in the years 0000 to 9999 (UTC), was " + t);
        }
        return t;
    }
}
