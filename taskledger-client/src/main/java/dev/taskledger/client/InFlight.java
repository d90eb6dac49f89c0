package dev.taskledger.client;

import dev.taskledger.protocol.TaskDto;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A claimed task inside a {@link Worker}, from claim until its outcome is reported (or it is dropped).
 * It starts WAITING (claimed, no handler slot yet) and moves to RUNNING when its handler starts; from either it
 * may be DROPPED (the task was cancelled, its lease lost, its attempt timed out, or the worker stopped hard: interrupt the handler,
 * report nothing), and from RUNNING it moves to FINISHED (the handler returned: report it). Each move is a
 * compare-and-set, so a handler is never interrupted after it returned, and a task the worker hands back
 * ({@link #withdraw}) never starts.
 */
final class InFlight {
    enum State { WAITING, RUNNING, FINISHED, DROPPED }

    /** The longest margin kept between the end of the lease as this worker counts it and the server's. */
    private static final long MAX_LEASE_MARGIN_NANOS = TimeUnit.SECONDS.toNanos(1);

    final TaskDto task;
    final Integer leaseSeconds;
    final long heartbeatNanos;
    /** The lease's length less a safety margin (a tenth of it, at most a second). */
    private final long leaseNanos;
    private final AtomicReference<State> state = new AtomicReference<>(State.WAITING);
    private volatile Thread thread;
    /** When ({@link System#nanoTime()}) the handler started; 0 before. */
    private volatile long startedNanos;
    private volatile String dropReason;
    volatile long nextBeatNanos;
    volatile boolean beating;
    /** When ({@link System#nanoTime()}) the lease expires at the latest, as far as this worker knows. */
    private volatile long leaseEndsNanos;
    /**
     * When ({@link System#nanoTime()}) the attempt's execution timeout ends, as this worker counts it: from the
     * claim's answer, less the same margin as the lease; 0 when the task has no timeout.
     */
    private final long deadlineNanos;

    /**
     * @param leaseSeconds       the lease this worker asks for in claims and heartbeats (null: the task's own)
     * @param leaseLengthSeconds the lease the claim gave (this worker's, else the task's)
     */
    InFlight(TaskDto task, Integer leaseSeconds, int leaseLengthSeconds, long heartbeatNanos) {
        this.task = task;
        this.leaseSeconds = leaseSeconds;
        this.heartbeatNanos = heartbeatNanos;
        long length = TimeUnit.SECONDS.toNanos(leaseLengthSeconds);
        this.leaseNanos = length - Math.min(MAX_LEASE_MARGIN_NANOS, length / 10);
        long now = System.nanoTime();
        this.nextBeatNanos = now + heartbeatNanos;
        this.leaseEndsNanos = now + leaseNanos; // the claim's answer just arrived: its lease began a little earlier
        if (task.timeoutSeconds() == null) {
            this.deadlineNanos = 0;
        } else { // the server counts it from the claim, a little earlier, by its clock: end on the early side
            long timeout = TimeUnit.SECONDS.toNanos(task.timeoutSeconds());
            this.deadlineNanos = (now + timeout - Math.min(MAX_LEASE_MARGIN_NANOS, timeout / 10)) | 1; // never 0
        }
    }

    /** True once the attempt's execution timeout ({@code timeout_seconds}) has run out at {@code nowNanos}. */
    boolean isPastDeadline(long nowNanos) {
        return deadlineNanos != 0 && nowNanos - deadlineNanos >= 0;
    }

    /**
     * A heartbeat sent at {@code sentAtNanos} renewed the lease: it now runs from then (the server renewed it a
     * little later, so this errs on the early side). The worker's own monotonic clock measures it, so the clocks of
     * worker and server need not agree.
     */
    void leaseRenewed(long sentAtNanos) {
        leaseEndsNanos = sentAtNanos + leaseNanos;
    }

    /** A heartbeat sent at {@code sentAtNanos} was answered: the lease was renewed, and the next beat is due a period later. */
    void beatAnswered(long sentAtNanos) {
        nextBeatNanos = sentAtNanos + heartbeatNanos;
        leaseRenewed(sentAtNanos);
    }

    /** When the lease expires at the latest ({@link System#nanoTime()}), unless a heartbeat renews it before. */
    long leaseEndsNanos() {
        return leaseEndsNanos;
    }

    String id() {
        return task.id();
    }

    String leaseToken() {
        return task.leaseToken();
    }

    /** The task's tenant: a shared worker's calls on it name it ({@link TaskledgerClient#forTenant}). */
    String tenant() {
        return task.tenant();
    }

    State state() {
        return state.get();
    }

    void attach(Thread t) {
        this.thread = t;
        if (state.get() == State.DROPPED) { // dropped before the thread was known
            t.interrupt();
        }
    }

    /** The handler got its slot and may start; false when the task was dropped or withdrawn meanwhile. */
    boolean start() {
        startedNanos = System.nanoTime();
        return state.compareAndSet(State.WAITING, State.RUNNING);
    }

    /** When ({@link System#nanoTime()}) the handler started; 0 before it did. */
    long startedNanos() {
        return startedNanos;
    }

    /** The handler returned or threw on its own: from now on it is never interrupted. */
    boolean finish() {
        return state.compareAndSet(State.RUNNING, State.FINISHED);
    }

    /** Stops the handler (or keeps it from starting) and forgets its outcome; false when it had already finished. */
    boolean drop(String reason) {
        State s;
        do {
            s = state.get();
            if (s == State.FINISHED || s == State.DROPPED) {
                return false;
            }
        } while (!state.compareAndSet(s, State.DROPPED));
        stop(reason);
        return true;
    }

    /** Takes back a task whose handler has not started, so that it never does; false once it has started. */
    boolean withdraw(String reason) {
        if (!state.compareAndSet(State.WAITING, State.DROPPED)) {
            return false;
        }
        stop(reason);
        return true;
    }

    private void stop(String reason) {
        dropReason = reason;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    String dropReason() {
        return dropReason;
    }
}
