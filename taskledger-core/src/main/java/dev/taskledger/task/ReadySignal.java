package dev.taskledger.task;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Wakes long-polling claims when a task may have become ready. A waiter reads {@link #generation()}
 * before it looks for work and then waits for the generation to move past it, so a signal sent between
 * the look and the wait is never lost. Sources: this node's creates and retries, and (where the database
 * can) notifications from other nodes.
 */
public final class ReadySignal {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private long generation;

    public long generation() {
        lock.lock();
        try {
            return generation;
        } finally {
            lock.unlock();
        }
    }

    public void signal() {
        lock.lock();
        try {
            generation++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the generation differs from {@code seen} or the timeout passes; true when it moved. */
    public boolean awaitChange(long seen, long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lock();
        try {
            while (generation == seen) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = changed.awaitNanos(nanos);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }
}
