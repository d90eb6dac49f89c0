package dev.taskledger.queue;

import java.time.Instant;

/**
 * A concurrency and/or rate limit of one tenant, as stored. It covers the tenant's tasks of {@code type} (null: of
 * any type, allowed only with a key) and, when {@code concurrencyKey} is not null, only those carrying that key.
 * {@code maxRunning} (null: no concurrency limit) bounds how many such tasks may be processing under an unexpired
 * lease at once; {@code rate} (null: none) bounds how many may start per period, counted in {@code starts}, the
 * sliding window of recent starts that the limited claim keeps in the same row. The rules are {@link ClaimLimits}'.
 */
public record Limit(String tenant, String type, String concurrencyKey, Integer maxRunning, Rate rate,
                    RateWindow starts, Instant updatedAt) {

    /** At most {@code count} task starts in any {@code periodSeconds}. */
    public record Rate(int count, int periodSeconds) {}

    public Limit {
        starts = starts == null ? RateWindow.EMPTY : starts;
    }

    /** Whether this limit counts {@code task} (by type, and by key when it has one). */
    public boolean covers(String taskType, String taskKey) {
        return (type == null || type.equals(taskType)) && (concurrencyKey == null || concurrencyKey.equals(taskKey));
    }

    /** The same limit with another start window. */
    public Limit withStarts(RateWindow window) {
        return new Limit(tenant, type, concurrencyKey, maxRunning, rate, window, updatedAt);
    }
}
