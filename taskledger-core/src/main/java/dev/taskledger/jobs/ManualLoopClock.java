package dev.taskledger.jobs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;

/**
 * A {@link LoopClock} for tests: time moves only by {@link #advance}, which wakes every waiter whose deadline it
 * passed, and {@link #awaitIdle} blocks until a given number of threads are parked with nothing due, so a test
 * knows a loop has finished its step (or a claim has started waiting) without sleeping.
 */
public final class ManualLoopClock implements LoopClock {
    private static final long NEVER = Long.MAX_VALUE;
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(10);

    /** One thread parked in a wait of this clock; {@code deadline} is {@link #NEVER} for an untimed wait. */
    private record Parked(Lock lock, Condition condition, long deadline) {}

    private final Object monitor = new Object();
    private final List<Parked> parked = new ArrayList<>();
    private long now;

    @Override
    public long nanoTime() {
        synchronized (monitor) {
            return now;
        }
    }

    /** Moves time forward by {@code by} and wakes the waiters whose deadline that reaches. */
    public void advance(Duration by) {
        List<Parked> due;
        synchronized (monitor) {
            now += by.toNanos();
            due = parked.stream().filter(p -> isDue(p, now)).toList();
        }
        for (Parked p : due) { // outside the monitor: a waiter takes its own lock before it parks here
            p.lock().lock();
            try {
                p.condition().signalAll();
            } finally {
                p.lock().unlock();
            }
        }
    }

    /**
     * Blocks until exactly {@code waiters} threads are parked in this clock's waits with no deadline reached (every
     * woken waiter has parked again or left); fails after 10 s of real time.
     */
    public void awaitIdle(int waiters) throws InterruptedException {
        long deadline = System.nanoTime() + IDLE_TIMEOUT.toNanos();
        synchronized (monitor) {
            while (parked.size() != waiters || parked.stream().anyMatch(p -> isDue(p, now))) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("expected " + waiters + " idle waiter(s) within " + IDLE_TIMEOUT
                            + "; parked: " + parked.size());
                }
                TimeUnit.NANOSECONDS.timedWait(monitor, left);
            }
        }
    }

    @Override
    public void awaitUntil(Lock lock, Condition condition, long deadline) throws InterruptedException {
        Parked p = park(lock, condition, deadline);
        try {
            if (!isDue(p, nanoTime())) { // advance() moves time before it looks for due waiters: no wake-up is lost
                condition.await();
            }
        } finally {
            leave(p);
        }
    }

    @Override
    public void awaitUninterruptibly(Lock lock, Condition condition) {
        Parked p = park(lock, condition, NEVER);
        try {
            condition.awaitUninterruptibly();
        } finally {
            leave(p);
        }
    }

    private Parked park(Lock lock, Condition condition, long deadline) {
        Parked p = new Parked(lock, condition, deadline);
        synchronized (monitor) {
            parked.add(p);
            monitor.notifyAll();
        }
        return p;
    }

    private void leave(Parked p) {
        synchronized (monitor) {
            parked.remove(p);
            monitor.notifyAll();
        }
    }

    private static boolean isDue(Parked p, long now) {
        return p.deadline() != NEVER && now - p.deadline() >= 0;
    }
}
