package dev.taskledger.client;

import dev.taskledger.protocol.TaskDto;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

import static java.lang.System.Logger.Level.WARNING;

/**
 * A {@link Worker}'s claims: one thread long-polls for as many tasks as the worker has free places
 * (concurrency + prefetch), and hands what it got to {@code claimed}. A place is taken for each claimed task and
 * given back through {@link #placeFreed()} when the task leaves the worker. A failed claim is tried again after a
 * pause that doubles from 250 ms up to 30 s.
 */
final class ClaimLoop {
    private static final System.Logger LOG = System.getLogger(Worker.class.getName());
    private static final int MAX_CLAIM = 1_000; // the server's limit for one claim
    private static final long FIRST_ERROR_DELAY_MS = 250;
    private static final long MAX_ERROR_DELAY_MS = 30_000;

    private final WorkerSettings settings;
    private final Consumer<List<TaskDto>> claimed;
    /** Places for claimed tasks, running or waiting to run: taken when claiming, given back when a task leaves. */
    private final Semaphore places;
    private final LongAdder requests = new LongAdder();
    private final LongAdder tasks = new LongAdder();
    private volatile boolean stopping;
    private Thread thread;

    ClaimLoop(WorkerSettings settings, Consumer<List<TaskDto>> claimed) {
        this.settings = settings;
        this.claimed = claimed;
        this.places = new Semaphore(settings.capacity());
    }

    void start() {
        thread = Thread.ofVirtual().name("taskledger-poller-" + settings.workerId()).start(this::loop);
    }

    /** A claimed task left the worker: its place may be claimed again. */
    void placeFreed() {
        places.release();
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
            try {
                if (!places.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    continue;
                }
            } catch (InterruptedException e) {
                return;
            }
            int free = gatherPlaces(1 + places.drainPermits());
            List<TaskDto> got = List.of();
            try {
                if (!stopping) {
                    got = settings.client().claim(settings.types(), free, settings.workerId(), settings.leaseSeconds(),
                            settings.pollWait());
                    requests.increment();
                    tasks.add(got.size());
                }
                errorDelayMs = 0;
            } catch (TaskledgerException e) {
                if (Thread.currentThread().isInterrupted()) {
                    places.release(free);
                    return;
                }
                errorDelayMs = errorDelayMs == 0 ? FIRST_ERROR_DELAY_MS : Math.min(errorDelayMs * 2, MAX_ERROR_DELAY_MS);
                LOG.log(WARNING, "worker {0}: claim failed, trying again in {1} ms: {2}", settings.workerId(), errorDelayMs,
                        e.getMessage());
            }
            places.release(free - got.size());
            claimed.accept(got);
            if (errorDelayMs > 0 && !sleep(errorDelayMs)) {
                return;
            }
        }
    }

    /**
     * Waits up to the claim linger for more places to free up, so that a busy worker sends fewer, fuller
     * claims (each claim costs a request and a transaction whatever its size). Never more than one claim's
     * limit.
     */
    private int gatherPlaces(int free) {
        int most = Math.min(settings.capacity(), MAX_CLAIM);
        long linger = settings.claimLinger().toNanos();
        if (linger > 0 && free < most) {
            long until = System.nanoTime() + linger;
            try {
                for (long left = linger; free < most && left > 0; left = until - System.nanoTime()) {
                    if (!places.tryAcquire(left, TimeUnit.NANOSECONDS)) {
                        break;
                    }
                    free += 1 + places.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (free > most) {
            places.release(free - most);
            free = most;
        }
        return free;
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
