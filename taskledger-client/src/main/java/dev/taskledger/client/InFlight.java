package dev.taskledger.client;

import dev.taskledger.protocol.TaskDto;

import java.util.concurrent.atomic.AtomicReference;

/**
 * A claimed task inside a {@link Worker}, from claim until its outcome is reported (or it is dropped).
 * The state moves once from RUNNING, either to FINISHED (the handler returned: report it) or to DROPPED (the
 * task was cancelled, its lease lost, or the worker stopped hard: interrupt the handler, report nothing). The
 * compare-and-set makes the two exclusive, so a handler is never interrupted after it returned.
 */
final class InFlight {
    enum State { RUNNING, FINISHED, DROPPED }

    final TaskDto task;
    final Integer leaseSeconds;
    final long heartbeatNanos;
    private final AtomicReference<State> state = new AtomicReference<>(State.RUNNING);
    private volatile Thread thread;
    private volatile String dropReason;
    volatile long nextBeatNanos;
    volatile boolean beating;

    InFlight(TaskDto task, Integer leaseSeconds, long heartbeatNanos) {
        this.task = task;
        this.leaseSeconds = leaseSeconds;
        this.heartbeatNanos = heartbeatNanos;
        this.nextBeatNanos = System.nanoTime() + heartbeatNanos;
    }

    String id() {
        return task.id();
    }

    String leaseToken() {
        return task.leaseToken();
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

    /** The handler returned or threw on its own: from now on it is never interrupted. */
    boolean finish() {
        return state.compareAndSet(State.RUNNING, State.FINISHED);
    }

    /** Stops the handler and forgets its outcome; false when the handler had already finished. */
    boolean drop(String reason) {
        if (!state.compareAndSet(State.RUNNING, State.DROPPED)) {
            return false;
        }
        dropReason = reason;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
        return true;
    }

    String dropReason() {
        return dropReason;
    }
}
