package dev.taskledger.client;

import java.util.concurrent.TimeUnit;

/**
 * How many claimed tasks a {@link Worker} may hold beyond its running handlers (its prefetch), decided from what
 * it observes: what each claim asked for and got, how long handlers take, the lease its tasks were claimed with,
 * and how long the oldest running handler has been at it. Pure logic, no clock of its own: the caller passes every
 * duration in, so tests drive it without sleeping. Thread-safe (handlers report from their own threads).
 *
 * <p>{@link #fixed(int)}: always the same prefetch (0: claim only for free handler slots).
 *
 * <p>{@link #adaptive(int)}: a window that
 * <ul>
 *   <li>starts at 0 (the first claim asks for the free handler slots only);</li>
 *   <li>grows when a claim comes back full (the queue is deeper than what was asked): doubled, at least to
 *       {@code concurrency}, at most {@link #maxAdaptive(int) 10 × concurrency} (and never past one claim's limit of
 *       1,000 with the running ones);</li>
 *   <li>halves when a claim comes back short (the queue is drained: no point in holding more);</li>
 *   <li>and is in any case bounded by what the worker can start soon: waiting tasks must all be able to start
 *       within {@link #startWithinNanos the lesser of a tenth of the lease and one second}, at the pace of
 *       {@code concurrency} handlers of the average observed duration (or of the oldest running handler's age, when
 *       that is longer: a handler that is slow now counts before it ends). Until a handler has finished, nothing
 *       is known about the pace, and nothing is prefetched.</li>
 * </ul>
 * So short handlers on a deep queue get a large prefetch (the next claim travels while handlers run), long handlers
 * get none (a task would wait for this worker's slot while another worker might be idle).
 */
final class PrefetchPolicy {
    /** The server's limit for one claim: running and waiting tasks together never exceed it. */
    static final int MAX_CLAIM = 1_000;
    /** The adaptive prefetch's ceiling, per handler slot. */
    static final int MAX_PER_SLOT = 10;
    /** A waiting task starts, by the worker's estimate, within this fraction of its lease... */
    static final int LEASE_FRACTION = 10;
    /** ...and within this, however long the lease. */
    static final long MAX_START_WITHIN_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** The weight of the newest handler duration in the running average (1/8). */
    private static final int AVERAGE_WEIGHT = 8;

    private final int concurrency;
    private final boolean adaptive;
    private final int max;
    private int window;
    private long averageNanos = -1;
    private long shortestLeaseNanos = Long.MAX_VALUE;

    private PrefetchPolicy(int concurrency, boolean adaptive, int prefetch) {
        this.concurrency = concurrency;
        this.adaptive = adaptive;
        this.max = prefetch;
        this.window = adaptive ? 0 : prefetch;
    }

    /** Always {@code prefetch} (0: no prefetch). */
    static PrefetchPolicy fixed(int concurrency, int prefetch) {
        return new PrefetchPolicy(concurrency, false, prefetch);
    }

    /** Adapts between 0 and {@link #maxAdaptive(int)}, as the class comment says. */
    static PrefetchPolicy adaptive(int concurrency) {
        return new PrefetchPolicy(concurrency, true, maxAdaptive(concurrency));
    }

    /** The most an adaptive prefetch grows to with {@code concurrency} handler slots. */
    static int maxAdaptive(int concurrency) {
        return Math.max(0, Math.min(MAX_PER_SLOT * concurrency, MAX_CLAIM - concurrency));
    }

    /** The most this policy ever allows. */
    int max() {
        return max;
    }

    /**
     * A claim asked for {@code asked} tasks and got {@code got}, with a lease of {@code leaseNanos} (the shortest
     * of what it got; ignored when it got nothing).
     */
    synchronized void claimed(int asked, int got, long leaseNanos) {
        if (got > 0) {
            shortestLeaseNanos = Math.min(shortestLeaseNanos, leaseNanos);
        }
        if (!adaptive || asked <= 0) {
            return;
        }
        window = got >= asked ? Math.min(max, Math.max(concurrency, window * 2)) : window / 2;
    }

    /** A handler ran for {@code nanos}. */
    synchronized void handlerFinished(long nanos) {
        long d = Math.max(0, nanos);
        averageNanos = averageNanos < 0 ? d : averageNanos + (d - averageNanos) / AVERAGE_WEIGHT;
    }

    /**
     * How many tasks may wait for a handler slot now, the oldest running handler having run for
     * {@code oldestRunningNanos} (0 when none runs).
     */
    synchronized int prefetch(long oldestRunningNanos) {
        if (!adaptive) {
            return window;
        }
        if (averageNanos < 0) {
            return 0;
        }
        long pace = Math.max(1, Math.max(averageNanos, oldestRunningNanos));
        long startable = concurrency * startWithinNanos() / pace;
        return (int) Math.min(window, startable);
    }

    /** The time within which a waiting task should start: a tenth of the shortest lease seen, at most one second. */
    private long startWithinNanos() {
        return Math.min(MAX_START_WITHIN_NANOS, shortestLeaseNanos / LEASE_FRACTION);
    }
}
