package dev.taskledger.server.outbox;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The relay's pause while RabbitMQ is unreachable: after a failure the next connection attempt waits 0.5 s, doubling
 * up to {@code max}, ±10% jitter; the first failure of an outage is logged as a warning, then one warning a minute.
 */
final class Reconnect {
    private static final Logger LOG = LoggerFactory.getLogger(Reconnect.class);
    private static final long MIN_MS = 500;

    private final long maxMs;
    private long delayMs;
    private long nextAttemptNanos = System.nanoTime();
    private long downSinceNanos;
    private long lastWarnNanos;

    Reconnect(Duration max) {
        this.maxMs = max.toMillis();
    }

    /** How long until the next connection attempt may be made; 0 or less: now. */
    long waitMs(long nowNanos) {
        long left = nextAttemptNanos - nowNanos;
        return left > 0 ? TimeUnit.NANOSECONDS.toMillis(left) + 1 : 0;
    }

    /** Records a failed attempt or a lost connection; returns how long to pause. */
    long failed(String why) {
        delayMs = delayMs == 0 ? Math.min(MIN_MS, maxMs) : Math.min(delayMs * 2, maxMs);
        delayMs = Math.round(delayMs * (0.9 + Math.random() * 0.2));
        long now = System.nanoTime();
        nextAttemptNanos = now + TimeUnit.MILLISECONDS.toNanos(delayMs);
        if (downSinceNanos == 0) {
            downSinceNanos = now;
            lastWarnNanos = now;
            LOG.warn("outbox relay paused, RabbitMQ is not reachable ({}); unsent messages wait in the outbox", why);
        } else if (now - lastWarnNanos > TimeUnit.MINUTES.toNanos(1)) {
            lastWarnNanos = now;
            LOG.warn("outbox relay still cannot reach RabbitMQ after {} s ({}); trying again at least every {} ms",
                    TimeUnit.NANOSECONDS.toSeconds(now - downSinceNanos), why, maxMs);
        } else {
            LOG.debug("outbox relay still cannot reach RabbitMQ ({}); next attempt in {} ms", why, delayMs);
        }
        return delayMs;
    }

    /** A connection was established: the next failure starts the backoff anew. */
    void succeeded() {
        if (downSinceNanos != 0) {
            LOG.info("outbox relay reconnected to RabbitMQ after {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - downSinceNanos));
        } else {
            LOG.info("outbox relay connected to RabbitMQ");
        }
        downSinceNanos = 0;
        delayMs = 0;
    }

    /** The most telling message of a failure (the broker's reply text is often in a cause). */
    static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage();
            }
        }
        return e.toString();
    }
}
