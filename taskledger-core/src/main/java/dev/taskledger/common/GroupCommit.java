package dev.taskledger.common;

import dev.taskledger.store.Store;
import dev.taskledger.store.StoreTx;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;

/**
 * Group commit for small writes from concurrent callers. A caller that finds no group transaction running runs
 * one at once with its own write (a lone caller waits for nobody); callers arriving meanwhile queue up, and when
 * that transaction has committed the first of them runs the next one, carrying every queued write (up to
 * {@code maxGroup}). Each caller returns only after the transaction holding its write committed, with its own
 * result, so a caller's answer means what it meant with one transaction per write; under concurrency there are
 * just fewer commits (and fsyncs).
 *
 * <p>If a group's transaction fails, each of its writes is run again alone, so one write's error is its own and
 * reaches only its caller. The writes of one group run in arrival order.
 *
 * @param <I> what one caller writes
 * @param <O> what that caller gets back
 */
public final class GroupCommit<I, O> {
    private final Store store;
    private final int maxGroup;
    private final BiFunction<StoreTx, I, O> write;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private boolean running;

    /** @param write one caller's write inside the group's transaction; it must not keep state between calls */
    public GroupCommit(Store store, int maxGroup, BiFunction<StoreTx, I, O> write) {
        if (maxGroup < 1) {
            throw new IllegalArgumentException("maxGroup must be at least 1");
        }
        this.store = store;
        this.maxGroup = maxGroup;
        this.write = write;
    }

    /** Writes {@code input} in the next group transaction and returns its result once that committed. */
    public O run(I input) {
        Pending mine = new Pending(input);
        lock.lock();
        try {
            queue.add(mine);
            if (!running) {
                running = true;
                mine.leads = true;
            }
            while (!mine.leads && !mine.done) {
                mine.changed.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
        while (!mine.done) {
            List<Pending> group = take();
            execute(group);
            finish(group, mine);
        }
        return mine.result();
    }

    private List<Pending> take() {
        lock.lock();
        try {
            List<Pending> group = new ArrayList<>(Math.min(queue.size(), maxGroup));
            while (!queue.isEmpty() && group.size() < maxGroup) {
                group.add(queue.poll());
            }
            return group;
        } finally {
            lock.unlock();
        }
    }

    /** Wakes the group's callers; once the leader's own write is done, the next queued caller leads. */
    private void finish(List<Pending> group, Pending leader) {
        lock.lock();
        try {
            for (Pending p : group) {
                p.done = true;
                p.changed.signal();
            }
            if (leader.done) {
                Pending next = queue.peek();
                if (next == null) {
                    running = false;
                } else {
                    next.leads = true;
                    next.changed.signal();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private void execute(List<Pending> group) {
        if (group.size() > 1) {
            try {
                List<O> results = store.inTransaction(tx -> {
                    List<O> out = new ArrayList<>(group.size()); // afresh on every attempt the store makes
                    for (Pending p : group) {
                        out.add(write.apply(tx, p.input));
                    }
                    return out;
                });
                for (int i = 0; i < group.size(); i++) {
                    group.get(i).result = results.get(i);
                }
                return;
            } catch (RuntimeException e) {
                // fall through: each write alone, so only the failing one fails
            }
        }
        for (Pending p : group) {
            try {
                p.result = store.inTransaction(tx -> write.apply(tx, p.input));
            } catch (RuntimeException | Error e) { // an Error too: the callers waiting on this group must wake
                p.error = e;
            }
        }
    }

    private final class Pending {
        final I input;
        final Condition changed = lock.newCondition();
        boolean leads;
        boolean done;
        O result;
        Throwable error;

        Pending(I input) {
            this.input = input;
        }

        O result() {
            if (error instanceof RuntimeException e) {
                throw e;
            }
            if (error instanceof Error e) {
                throw e;
            }
            return result;
        }
    }
}
