package dev.taskledger.client;

import dev.taskledger.protocol.TaskDto;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import static java.lang.System.Logger.Level.WARNING;

/**
 * A {@link Worker}'s claims: one thread long-polls for as many tasks as the worker has room for, and hands what it
 * got to {@code claimed}. The room is the handler slots plus the prefetch its {@link PrefetchPolicy} allows now,
 * less the tasks it holds; a task is held from its claim until it leaves the worker ({@link #placeFreed()}). A failed
 * claim is tried again after a pause that doubles from 250 ms up to 30 s.
 */
final class ClaimLoop {
    private static final System.Logger LOG = System.getLogger(Worker.class.getName());
    private static final long FIRST_ERROR_DELAY_MS = 250;
    private static final long MAX_ERROR_DELAY_MS = 30_000;
    private static final long IDLE_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final WorkerSettings settings;
    private final Consumer<List<TaskDto>> claimed;
    private final PrefetchPolicy prefetch;
    /** How long the oldest running handler has been running (0 when none runs). */
    private final LongSupplier oldestRunningNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition freed = lock.newCondition();
    /** Claimed tasks in the worker (running or waiting to run) plus the places an outstanding claim asked for. */
    private int held; // guarded by lock
    private final LongAdder requests = new LongAdder();
    private final LongAdder tasks = new LongAdder();
    private volatile boolean stopping;
    private Thread thread;

    ClaimLoop(WorkerSettings settings, LongSupplier oldestRunningNanos, Consumer<List<TaskDto>> claimed) {
        this.settings = settings;
        this.claimed = claimed;
        this.prefetch = settings.prefetchPolicy();
        this.oldestRunningNanos = oldestRunningNanos;
    }

    void start() {
        thread = Thread.ofVirtual().name("taskledger-poller-" + settings.workerId()).start(this::loop);
    }

    /** A claimed task left the worker: its place may be claimed again. */
    void placeFreed() {
        give(1);
    }

    /** A handler ran for {@code nanos}: the prefetch policy learns the pace. */
    void handlerFinished(long nanos) {
        prefetch.handlerFinished(nanos);
    }

    long requests() {
        return requests.sum();
    }

    long tasksClaimed() {
        return tasks.sum();
    }

    /**
     * Claims nothing new; an outstanding long-poll is let finish until {@code deadline} ({@link System#nanoTime()}),
     * so that no task is claimed for a request nobody reads, and is aborted after that.
     */
    void stop(long deadline) {
        stopping = true;
        join(deadline);
        if (thread.isAlive()) { // the long-poll outlived the timeout: abort it
            thread.interrupt();
            join(System.nanoTime() + TimeUnit.SECONDS.toNanos(1));
        }
    }

    /** Claims nothing new and aborts an outstanding long-poll. */
    void stopNow() {
        stopping = true;
        thread.interrupt();
    }

    private void loop() {
        long errorDelayMs = 0;
        while (!stopping) {
            int ask;
            try {
                ask = takeRoom();
            } catch (InterruptedException e) {
                return;
            }
            if (ask == 0) {
                continue;
            }
            List<TaskDto> got = List.of();
            try {
                if (!stopping) {
                    got = settings.client().claim(settings.types(), ask, settings.workerId(), settings.leaseSeconds(),
                            settings.pollWait());
                    requests.increment();
                    tasks.add(got.size());
                }
                errorDelayMs = 0;
            } catch (TaskledgerException e) {
                if (Thread.currentThread().isInterrupted()) {
                    give(ask);
                    return;
                }
                errorDelayMs = errorDelayMs == 0 ? FIRST_ERROR_DELAY_MS : Math.min(errorDelayMs * 2, MAX_ERROR_DELAY_MS);
                LOG.log(WARNING, "worker {0}: claim failed, trying again in {1} ms: {2}", settings.workerId(), errorDelayMs,
                        e.getMessage());
            }
            give(ask - got.size());
            if (errorDelayMs == 0 && !stopping) {
                prefetch.claimed(ask, got.size(), shortestLeaseNanos(got));
            }
            claimed.accept(got);
            if (errorDelayMs > 0 && !sleep(errorDelayMs)) {
                return;
            }
        }
    }

    /**
     * Waits for room (up to 100 ms, then answers 0 so that the loop sees a stop), then up to the claim linger for
     * the rest of the worker's places to free up, so that a busy worker sends fewer, fuller claims (each claim
     * costs a request and a transaction whatever its size); takes the room it claims for. Never more than one
     * claim's limit.
     */
    private int takeRoom() throws InterruptedException {
        int limit = settings.concurrency() + prefetch.prefetch(oldestRunningNanos.getAsLong());
        lock.lock();
        try {
            if (held >= limit) {
                freed.awaitNanos(IDLE_CHECK_NANOS);
                if (held >= limit) {
                    return 0;
                }
            }
            long linger = settings.claimLinger().toNanos();
            long until = System.nanoTime() + linger;
            for (long left = linger; held > 0 && left > 0; left = until - System.nanoTime()) {
                freed.awaitNanos(left);
            }
            int ask = Math.min(limit - held, PrefetchPolicy.MAX_CLAIM);
            held += ask;
            return ask;
        } finally {
            lock.unlock();
        }
    }

    /** {@code count} places are free again. */
    private void give(int count) {
        if (count <= 0) {
            return;
        }
        lock.lock();
        try {
            held -= count;
            freed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The shortest lease among claimed tasks (what bounds how long one of them may wait). */
    private long shortestLeaseNanos(List<TaskDto> got) {
        long shortest = Long.MAX_VALUE;
        for (TaskDto t : got) {
            shortest = Math.min(shortest, TimeUnit.SECONDS.toNanos(settings.leaseSecondsOf(t)));
        }
        return shortest;
    }

    private void join(long deadline) {
        try {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                thread.join(Duration.ofNanos(left));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean sleep(long ms) {
        try {
            Thread.sleep(ms);
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }
}
