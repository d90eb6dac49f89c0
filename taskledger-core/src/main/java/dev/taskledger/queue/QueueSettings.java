package dev.taskledger.queue;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How the queue services behave: whether changes are announced in the outbox (only when a broker takes them), the
 * retry delay after a failed attempt, how often a group of waiting claims looks for work on its own, and the
 * execution timeout a new task of a type gets when its request gives none ({@code typeTimeouts}: type → seconds,
 * {@code TASKLEDGER_TYPE_TIMEOUTS}).
 */
public record QueueSettings(boolean publishEvents, Backoff backoff, Duration pollInterval, Map<String, Integer> typeTimeouts) {
    public static final QueueSettings DEFAULTS = new QueueSettings(false, Backoff.DEFAULT, Duration.ofMillis(250), Map.of());

    public QueueSettings {
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(pollInterval, "pollInterval");
        typeTimeouts = Map.copyOf(typeTimeouts);
    }

    public QueueSettings withPollInterval(Duration interval) {
        return new QueueSettings(publishEvents, backoff, interval, typeTimeouts);
    }

    public QueueSettings withPublishEvents(boolean publish) {
        return new QueueSettings(publish, backoff, pollInterval, typeTimeouts);
    }

    public QueueSettings withTypeTimeouts(Map<String, Integer> timeouts) {
        return new QueueSettings(publishEvents, backoff, pollInterval, timeouts);
    }
}
