package dev.taskledger.jobs;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;

/**
 * The time and the waits of the node's loops and long-polling claims ({@link BackgroundLoop}, the ready signal).
 * {@link #SYSTEM} waits on the condition with a timeout; {@link ManualLoopClock} lets a test move time by hand and
 * see when every waiter is parked, so a test steps a loop instead of sleeping for its period.
 *
 * <p>Every wait is made while holding {@code lock}, the lock of {@code condition}, and may return early (a signal,
 * or spuriously): callers check their own condition and the time again.
 */
public interface LoopClock {
    /** The clock's time in nanoseconds, only for differences (like {@link System#nanoTime()}). */
    long nanoTime();

    /** Waits until {@code condition} is signalled or {@link #nanoTime()} reaches {@code deadline}. */
    void awaitUntil(Lock lock, Condition condition, long deadline) throws InterruptedException;

    /** Waits until {@code condition} is signalled, ignoring interrupts (the caller restores the flag). */
    void awaitUninterruptibly(Lock lock, Condition condition);

    /** The machine's clock. */
    LoopClock SYSTEM = new LoopClock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void awaitUntil(Lock lock, Condition condition, long deadline) throws InterruptedException {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                condition.awaitNanos(left);
            }
        }

        @Override
        public void awaitUninterruptibly(Lock lock, Condition condition) {
            condition.awaitUninterruptibly();
        }
    };
}
