package dev.taskledger.queue;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential retry delay with ±10% jitter: {@code base * 2^(attempt-1)}, capped. Jitter keeps a burst of
 * failures from coming back all at once.
 */
public record Backoff(Duration base, Duration cap) {
    public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(2), Duration.ofHours(1));

    /** The delay before attempt {@code attempt + 1}, given that {@code attempt} (1-based) just failed. */
    public Duration delayAfter(int attempt) {
        int exponent = Math.max(0, Math.min(attempt - 1, 30));
        double millis = Math.min((double) base.toMillis() * (1L << exponent), (double) cap.toMillis());
        double jitter = 0.9 + ThreadLocalRandom.current().nextDouble() * 0.2;
        return Duration.ofMillis(Math.round(millis * jitter));
    }
}
