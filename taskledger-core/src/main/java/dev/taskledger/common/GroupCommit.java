package dev.taskledger.common;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Group commit for small writes from concurrent callers. A caller that finds fewer than {@code maxRunning} group
 * transactions running runs one at once with its own write (a lone caller waits for nobody); callers arriving
 * while all are busy queue up, and when one transaction has committed the first of them runs the next one,
 * carrying every queued write (up to {@code maxGroup}). Each caller returns only after the transaction holding its write committed, with its own
 * result, so a caller's answer means what it meant with one transaction per write; under concurrency there are
 * just fewer commits (and fsyncs).
 *
 * <p>If a group's transaction fails, each of its writes is run again alone, so one write's error is its own and
 * reaches only its caller; that is why the transactions must roll back. The writes of one group run in arrival
 * order.
 *
 * <p>There is no flusher thread (so no {@link dev.taskledger.jobs.BackgroundLoop}): the callers themselves run the
 * groups, so nothing waits for a period and nothing needs starting or stopping.
 *
 * @param <I> what one caller writes
 * @param <O> what that caller gets back
 */
public final class GroupCommit<I, O> {
    private final int maxGroup;
    private final int maxRunning;
    private final Function<List<I>, List<O>> writeInOneTransaction;
    private final ReentrantLock lock = new ReentrantLock();
    /** Writes not yet taken into a group, in arrival order. */
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private int running;

    /**
     * @param maxGroup   the most writes one transaction carries
     * @param maxRunning how many group transactions may run at once (each on its own connection)
     * @param rollsBack  whether {@code writeInOneTransaction} leaves none of its writes when it throws
     * @param writeInOneTransaction runs the writes of a group, in arrival order, in one transaction of its own
     *                   and returns one result per write, in the same order; it must not keep state between calls
     */
    public GroupCommit(int maxGroup, int maxRunning, boolean rollsBack, Function<List<I>, List<O>> writeInOneTransaction) {
        if (maxGroup < 1 || maxRunning < 1) {
            throw new IllegalArgumentException("maxGroup and maxRunning must be at least 1");
        }
        if (!rollsBack) {
            // a failed group is retried write by write: without rollback its earlier writes would happen twice
            throw new IllegalArgumentException("group commit needs transactions that roll back");
        }
        this.maxGroup = maxGroup;
        this.maxRunning = maxRunning;
        this.writeInOneTransaction = writeInOneTransaction;
    }

    /** Writes {@code input} in the next group transaction and returns its result once that committed. */
    public O run(I input) {
        Pending mine = new Pending(input);
        lock.lock();
        try {
            queue.add(mine);
        } finally {
            lock.unlock();
        }
        while (true) {
            lock.lock();
            try {
                while (!mine.done && (mine.taken || running >= maxRunning)) {
                    mine.changed.awaitUninterruptibly();
                }
                if (mine.done) {
                    return mine.result();
                }
                running++; // this caller runs the next group: the writes at the head of the queue, its own among them
            } finally {
                lock.unlock();
            }
            List<Pending> group = take(); // mine is in it unless more than maxGroup were queued ahead of it
            try {
                execute(group);
            } finally {
                finish(group);
            }
        }
    }

    /** How many writes wait to be taken into a group transaction. */
    int queued() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    private List<Pending> take() {
        lock.lock();
        try {
            List<Pending> group = new ArrayList<>(Math.min(queue.size(), maxGroup));
            while (!queue.isEmpty() && group.size() < maxGroup) {
                Pending p = queue.poll();
                p.taken = true;
                group.add(p);
            }
            if (!queue.isEmpty() && running < maxRunning) {
                queue.peek().changed.signal(); // a runner's place is free: the next queued caller may take it
            }
            return group;
        } finally {
            lock.unlock();
        }
    }

    /** Wakes the group's callers and frees the runner's place for the first caller still queued. */
    private void finish(List<Pending> group) {
        lock.lock();
        try {
            for (Pending p : group) {
                p.done = true;
                p.changed.signal();
            }
            running--;
            Pending next = queue.peek();
            if (next != null) {
                next.changed.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    private void execute(List<Pending> group) {
        if (group.size() > 1) {
            try {
                List<I> inputs = group.stream().map(p -> p.input).toList();
                List<O> results = writeInOneTransaction.apply(inputs);
                if (results.size() != group.size()) {
                    throw new IllegalStateException("a group of " + group.size() + " writes gave " + results.size() + " results");
                }
                for (int i = 0; i < group.size(); i++) {
                    group.get(i).result = results.get(i);
                }
                return;
            } catch (RuntimeException | Error e) {
                // fall through: each write alone, so only the failing one fails (and every caller gets an answer)
            }
        }
        for (Pending p : group) {
            try {
                p.result = writeInOneTransaction.apply(List.of(p.input)).getFirst();
            } catch (RuntimeException | Error e) { // an Error too: the callers waiting on this group must wake
                p.error = e;
            }
        }
    }

    private final class Pending {
        final I input;
        final Condition changed = lock.newCondition();
        boolean taken;
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
