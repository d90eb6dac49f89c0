package dev.taskledger.queue;

import java.time.Duration;
import java.util.Objects;

/**
 * How the queue services behave: whether changes are announced in the outbox (only when a broker takes them), the
 * retry delay after a failed attempt, and how often a group of waiting claims looks for work on its own.
 */
public record QueueSettings(boolean publishEvents, Backoff backoff, Duration pollInterval) {
    public static final QueueSettings DEFAULTS = new QueueSettings(false, Backoff.DEFAULT, Duration.ofMillis(250));

    public QueueSettings {
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(pollInterval, "pollInterval");
    }

    public QueueSettings withPollInterval(Duration interval) {
        return new QueueSettings(publishEvents, backoff, interval);
    }

    public QueueSettings withPublishEvents(boolean publish) {
        return new QueueSettings(publish, backoff, pollInterval);
    }
}
