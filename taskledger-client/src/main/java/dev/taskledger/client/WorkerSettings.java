package dev.taskledger.client;

import dev.taskledger.protocol.TaskDto;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * What a {@link Worker} runs with, fixed when it is built: {@link WorkerBuilder} collects the values and this
 * record checks them (each rule once, here; the builder's setters call the same checks so that a bad value
 * fails where it is given). The worker and its parts read these values and nothing else of the builder.
 *
 * @param client            the client every request goes through
 * @param types             the task types to claim (at least one)
 * @param handler           runs each claimed task
 * @param concurrency       how many handlers run at once (1 to 1,000)
 * @param prefetch          how many claimed tasks may wait for a handler slot (0 to 10,000); null: adaptive
 *                          ({@link PrefetchPolicy#adaptive})
 * @param workerId          the name the worker claims under
 * @param pollWait          how long one claim waits on the server for work (0 to 30 s)
 * @param leaseSeconds      the lease to claim with and extend by; null: each task's own
 * @param heartbeatInterval how often a lease is extended; null: a third of the lease
 * @param shutdownTimeout   how long {@link Worker#close()} lets handlers in flight finish
 * @param nonRetryable      exceptions (also as a cause) that fail a task for good
 * @param retryDelay        the delay before the next attempt after attempt n failed; null: the server's backoff
 * @param batchReports      whether completions and heartbeats of several tasks share one request
 * @param claimLinger       how long a busy worker waits for more places before it claims
 * @param maxBatch          the most completions in one batch (at least 1)
 */
record WorkerSettings(
        TaskledgerClient client,
        List<String> types,
        TaskHandler handler,
        int concurrency,
        Integer prefetch,
        String workerId,
        Duration pollWait,
        Integer leaseSeconds,
        Duration heartbeatInterval,
        Duration shutdownTimeout,
        List<Class<? extends Throwable>> nonRetryable,
        IntFunction<Duration> retryDelay,
        boolean batchReports,
        Duration claimLinger,
        int maxBatch) {

    /** The shortest default heartbeat interval, however short the lease. */
    private static final long MIN_DEFAULT_HEARTBEAT_MS = 100;

    WorkerSettings {
        Objects.requireNonNull(client, "client");
        types = List.copyOf(types);
        if (types.isEmpty()) {
            throw new IllegalStateException("a worker needs at least one task type");
        }
        if (handler == null) {
            throw new IllegalStateException("a worker needs a handler");
        }
        checkConcurrency(concurrency);
        if (prefetch != null) {
            checkPrefetch(prefetch);
        }
        Objects.requireNonNull(workerId, "workerId");
        checkPollWait(pollWait);
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
        nonRetryable = List.copyOf(nonRetryable);
        Objects.requireNonNull(claimLinger, "claimLinger");
        maxBatch = Math.max(1, maxBatch);
    }

    static int checkConcurrency(int value) {
        if (value < 1 || value > 1_000) {
            throw new IllegalArgumentException("concurrency must be between 1 and 1000");
        }
        return value;
    }

    static int checkPrefetch(int value) {
        if (value < 0 || value > 10_000) {
            throw new IllegalArgumentException("prefetch must be between 0 and 10000");
        }
        return value;
    }

    static Duration checkPollWait(Duration value) {
        if (value.isNegative() || value.toSeconds() > 30) {
            throw new IllegalArgumentException("pollWait must be between 0 and 30 seconds");
        }
        return value;
    }

    /** A new policy for how many claimed tasks may wait: the fixed prefetch when one is set, else adaptive. */
    PrefetchPolicy prefetchPolicy() {
        return prefetch != null ? PrefetchPolicy.fixed(concurrency, prefetch) : PrefetchPolicy.adaptive(concurrency);
    }

    /** The lease a claim of {@code task} gave: this worker's, else the task's own. */
    int leaseSecondsOf(TaskDto task) {
        return leaseSeconds != null ? leaseSeconds : task.leaseSeconds();
    }

    /** How often a task with a lease of {@code leaseSeconds} is heartbeated: as set, else a third of it (at least 100 ms). */
    long heartbeatNanos(int leaseSeconds) {
        return heartbeatInterval != null ? heartbeatInterval.toNanos()
                : TimeUnit.MILLISECONDS.toNanos(Math.max(MIN_DEFAULT_HEARTBEAT_MS, leaseSeconds * 1000L / 3));
    }

    /** Whether {@code failure}, or one of its causes, is one of the {@link #nonRetryable} exceptions. */
    boolean isNonRetryable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            for (Class<? extends Throwable> c : nonRetryable) {
                if (c.isInstance(t)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The delay to ask for after attempt {@code attempt} failed; null leaves it to the server's backoff. */
    Duration retryIn(int attempt) {
        return retryDelay == null ? null : retryDelay.apply(attempt);
    }
}
