package dev.taskledger.client;

import dev.taskledger.protocol.Json;
import dev.taskledger.protocol.TaskDto;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

/**
 * Runs a {@link TaskHandler} for the tasks of some types: long-polls batch claims for as many tasks as it has
 * free places (concurrency + prefetch, fixed or adaptive: {@link PrefetchPolicy}), runs each handler on its own virtual thread with at most
 * {@code concurrency} running at once (the others wait in claim order), heartbeats every lease/3 from claim
 * on, completes with the handler's return value or fails with its exception, always under the claim's lease
 * token.
 *
 * <ul>
 *   <li>A task cancelled meanwhile (the heartbeat answers 409, current status cancelled) or whose lease was
 *       lost: its handler thread is interrupted and nothing is reported for it.</li>
 *   <li>{@link #close()} / {@link #shutdown(Duration)}: stop claiming, hand back the claimed tasks that have not
 *       started, let running handlers finish and report within the timeout, then interrupt the rest without
 *       reporting (their leases expire and another worker takes them over). {@link #shutdownNow()} does the
 *       last step at once.</li>
 * </ul>
 * Its parts: {@link WorkerSettings} (what it runs with, fixed at build), {@link ClaimLoop} (claims),
 * {@link Heartbeats} (leases), {@link Reporter} (outcomes), {@link InFlight} (one claimed task); the worker itself
 * runs the handlers and the shutdown. Logging goes through {@link System.Logger} (JUL by default, SLF4J with a
 * bridge).
 */
public final class Worker implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Worker.class.getName());
    private static final int MAX_ERROR_LENGTH = 10_000;

    private final WorkerSettings settings;
    /** Handler slots: at most {@code concurrency} handlers run at once. */
    private final Semaphore running;
    /** Claimed tasks waiting for a handler slot, in claim order (the server's priority order). */
    private final Queue<InFlight> waiting = new ConcurrentLinkedQueue<>();
    private final Map<String, InFlight> inFlight = new ConcurrentHashMap<>();
    private final ReentrantLock idleLock = new ReentrantLock();
    private final Condition idle = idleLock.newCondition();
    private final ClaimLoop claims;
    private final Reporter reporter;
    private final Heartbeats heartbeats;
    private final LongAdder tasksDropped = new LongAdder();
    private volatile boolean started;
    private volatile boolean stopping;
    private volatile boolean stopped;

    Worker(WorkerSettings settings) {
        this.settings = settings;
        this.running = new Semaphore(settings.concurrency());
        this.reporter = new Reporter(settings.client(), settings.batchReports(), settings.maxBatch(), this::forget);
        this.heartbeats = new Heartbeats(settings.client(), inFlight.values(), settings.batchReports(), this::lost);
        this.claims = new ClaimLoop(settings, this::oldestRunningNanos, this::claimed);
    }

    public static WorkerBuilder builder(TaskledgerClient client) {
        return new WorkerBuilder(client);
    }

    /** Starts claiming; returns at once. A worker runs once: after a shutdown, build a new one. */
    public synchronized Worker start() {
        if (started) {
            throw new IllegalStateException("worker " + settings.workerId() + " was already started");
        }
        started = true;
        reporter.start();
        heartbeats.start();
        claims.start();
        LOG.log(INFO, "worker {0} started: types {1}, concurrency {2}, prefetch {3}", settings.workerId(),
                settings.types(), settings.concurrency(), settings.prefetch() == null ? "adaptive" : settings.prefetch());
        return this;
    }

    public String workerId() {
        return settings.workerId();
    }

    /** How many claimed tasks are waiting to run, running, or waiting for their outcome to be reported. */
    public int inFlight() {
        return inFlight.size();
    }

    /** Counters since start: claims and their sizes, completions and their batch sizes, failures, drops, heartbeats. */
    public WorkerStats stats() {
        return new WorkerStats(claims.requests(), claims.tasksClaimed(), reporter.completionRequests(),
                reporter.tasksCompleted(), reporter.tasksFailed(), tasksDropped.sum(), heartbeats.requests());
    }

    /** True from {@link #start()} until a shutdown begins. */
    public boolean isRunning() {
        return started && !stopping;
    }

    /** {@link #shutdown(Duration)} with the configured timeout (default 30 s). */
    @Override
    public void close() {
        shutdown(settings.shutdownTimeout());
    }

    /**
     * Graceful stop: claims nothing new (an outstanding long-poll is let finish, so no task is claimed for a
     * request nobody reads), hands back the claimed tasks whose handlers have not started (prefetched ones, and
     * any the last poll brought), waits up to {@code timeout} for the running handlers to finish and their
     * outcomes to be reported, then stops the rest as {@link #shutdownNow()} does.
     *
     * @return true when every task in flight finished and was reported in time
     */
    public boolean shutdown(Duration timeout) {
        synchronized (this) {
            if (!started || stopped) {
                return true;
            }
            stopping = true;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        claims.stop(deadline);
        releaseWaiting();
        boolean clean = awaitIdle(deadline);
        if (!clean) {
            LOG.log(WARNING, "worker {0}: {1} task(s) did not finish within {2} ms; stopping them unreported",
                    settings.workerId(), inFlight.size(), timeout.toMillis());
        }
        stopAll(!clean);
        return clean;
    }

    /**
     * Hands back the claimed tasks whose handlers have not started ({@code POST /api/v1/tasks/{id}/release}),
     * so that other workers take them at once instead of after their leases expire. When the server cannot be
     * reached the rest are left to lease expiry.
     */
    private void releaseWaiting() {
        int released = 0;
        for (InFlight f : inFlight.values()) {
            if (!f.withdraw("released at shutdown")) {
                continue;
            }
            abandonIfWaiting(f);
            try {
                settings.client().forTenant(f.tenant()).release(f.id(), f.leaseToken());
                released++;
            } catch (TransportException | ServerUnavailableException e) {
                LOG.log(WARNING, "worker {0}: cannot release tasks at shutdown ({1}); unstarted ones return to the queue when their leases expire",
                        settings.workerId(), e.getMessage());
                inFlight.values().forEach(w -> {
                    if (w.withdraw("worker stopped")) {
                        abandonIfWaiting(w);
                    }
                });
                break;
            } catch (TaskledgerException e) {
                LOG.log(DEBUG, "task {0} was not released: {1}", f.id(), e.getMessage());
            }
        }
        if (released > 0) {
            LOG.log(INFO, "worker {0}: released {1} claimed task(s) that had not started", settings.workerId(), released);
        }
    }

    /**
     * Hard stop, as if the process died: stops claiming and heartbeating, interrupts every handler and reports
     * nothing more. The tasks stay processing until their leases expire; then they are claimed again.
     */
    public void shutdownNow() {
        synchronized (this) {
            if (!started || stopped) {
                return;
            }
            stopping = true;
        }
        claims.stopNow();
        stopAll(true);
    }

    private void stopAll(boolean hard) {
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
        }
        heartbeats.stop();
        if (hard) {
            inFlight.values().forEach(f -> {
                if (f.drop("worker stopped")) {
                    abandonIfWaiting(f);
                }
            });
        }
        reporter.stop(hard);
        LOG.log(INFO, "worker {0} stopped", settings.workerId());
    }

    /** What a claim brought joins the queue, and handlers start for as many as there are free slots. */
    private void claimed(List<TaskDto> tasks) {
        tasks.forEach(this::enqueue);
        dispatch();
    }

    /** A claimed task joins the queue; it is heartbeated from now on. */
    private void enqueue(TaskDto task) {
        int lease = settings.leaseSecondsOf(task);
        InFlight f = new InFlight(task, settings.leaseSeconds(), lease, settings.heartbeatNanos(lease));
        inFlight.put(task.id(), f);
        waiting.add(f);
    }

    /**
     * Starts handlers for waiting tasks, oldest first, while handler slots are free. Runs after every enqueue and
     * after every handler ends, so no task waits while a slot is free.
     */
    private void dispatch() {
        while (!waiting.isEmpty() && running.tryAcquire()) {
            InFlight f = waiting.poll();
            if (f == null) {
                running.release();
                return;
            }
            if (!f.start()) { // dropped or withdrawn while it waited
                running.release();
                abandon(f);
                continue;
            }
            Thread.ofVirtual().name("taskledger-task-" + f.id()).start(() -> run(f));
        }
    }

    /** A task that never started leaves the worker: its place is free again; nothing is reported. */
    private void abandon(InFlight f) {
        claims.placeFreed();
        tasksDropped.increment();
        LOG.log(DEBUG, "task {0} dropped before it started ({1}); not reported", f.id(), f.dropReason());
        forget(f);
    }

    /** After a drop or withdrawal: a task still in the queue leaves it now (else the dispatcher or its handler does it). */
    private void abandonIfWaiting(InFlight f) {
        if (waiting.remove(f)) {
            abandon(f);
        }
    }

    private void run(InFlight f) {
        f.attach(Thread.currentThread());
        Object result = null;
        Throwable failure = null;
        try {
            result = settings.handler().handle(new TaskContext(f, settings.client(), settings.workerId()));
        } catch (Throwable t) {
            failure = t;
        }
        boolean ours = f.finish();
        Thread.interrupted(); // a cancel that raced with the return must not disturb the report
        claims.handlerFinished(System.nanoTime() - f.startedNanos());
        running.release();
        claims.placeFreed();
        dispatch();
        if (!ours) {
            tasksDropped.increment();
            LOG.log(DEBUG, "task {0} stopped ({1}); not reported", f.id(), f.dropReason());
            forget(f);
            return;
        }
        if (failure == null) {
            String json;
            try {
                json = result == null ? null : Json.toText(result);
            } catch (RuntimeException e) {
                reporter.fail(f, "the handler's result is not JSON-serialisable: " + e, false, null);
                return;
            }
            reporter.complete(f, json);
        } else {
            boolean retryable = !settings.isNonRetryable(failure);
            Duration retryIn = retryable ? settings.retryIn(f.task.retryCount()) : null;
            LOG.log(DEBUG, "task {0} attempt {1} failed: {2}", f.id(), f.task.retryCount(), failure.toString());
            reporter.fail(f, describe(failure), retryable, retryIn);
        }
    }

    /** How long the oldest running handler has been running; 0 when none runs. */
    private long oldestRunningNanos() {
        long now = System.nanoTime();
        long oldest = 0;
        for (InFlight f : inFlight.values()) {
            if (f.state() == InFlight.State.RUNNING) {
                oldest = Math.max(oldest, now - f.startedNanos());
            }
        }
        return oldest;
    }

    /** The heartbeat learnt that the task is no longer ours: stop its handler, report nothing. */
    private void lost(InFlight f, String reason) {
        if (f.drop(reason)) {
            LOG.log(INFO, "task {0} {1}: stopping its handler", f.id(), reason);
            abandonIfWaiting(f);
        }
    }

    private void forget(InFlight f) {
        inFlight.remove(f.id(), f);
        idleLock.lock();
        try {
            idle.signalAll();
        } finally {
            idleLock.unlock();
        }
    }

    private boolean awaitIdle(long deadline) {
        idleLock.lock();
        try {
            while (!inFlight.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                idle.awaitNanos(left);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return inFlight.isEmpty();
        } finally {
            idleLock.unlock();
        }
    }

    private static String describe(Throwable failure) {
        StringBuilder out = new StringBuilder(failure.toString());
        for (Throwable c = failure.getCause(); c != null && c != c.getCause() && out.length() < MAX_ERROR_LENGTH; c = c.getCause()) {
            out.append("; caused by ").append(c);
        }
        return out.length() > MAX_ERROR_LENGTH ? out.substring(0, MAX_ERROR_LENGTH) : out.toString();
    }
}
