package dev.taskledger.store;

import java.time.Instant;

/**
 * One reading of the database server's clock ({@link Store#readClock()}): the time the database answered, and when
 * the query that asked was sent and its answer received, on this process's monotonic clock
 * ({@link System#nanoTime()}). The database read its clock somewhere between the two, so the reading is exact to
 * within half the round trip ({@link #roundTripNanos()} / 2). The round trip covers the query alone, not the wait for
 * a pooled connection or an end of transaction.
 */
public record ClockReading(Instant databaseTime, long sentNanos, long receivedNanos) {

    public long roundTripNanos() {
        return receivedNanos - sentNanos;
    }
}
