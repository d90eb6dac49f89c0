package dev.taskledger.queue;

import dev.taskledger.jobs.LoopClock;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Wakes long-polling claims when a task may have become ready, and lets a create on this node hand its new
 * tasks straight to a claim that is waiting for them.
 *
 * <p>A waiter reads {@link #generation()} before it looks for work, then registers with
 * {@link #startWaiting} and waits in {@link #awaitWork} until a signal wakes it or a create hands it tasks. A
 * signal names the tenant and the types whose tasks may have become ready and wakes only the waiters that
 * would take them; any signal sent between a waiter's look and its registration (the generation moved past
 * what it read) wakes it at once, so none is lost. Signal sources: this node's creates, retries, failed
 * attempts, releases and lease rescues, and (where the database can) notifications from other nodes, which
 * name the tenant.
 *
 * <p>Waiting claims of one tenant with the same types form a group that looks for work again at most once per
 * poll interval between them (tasks also become ready with time: delayed tasks, retries after backoff, and
 * creates on other nodes where the database sends no notification): the group's oldest waiter takes the turn,
 * the others keep waiting. A hundred idle workers of one kind cost one claim transaction per interval, not a
 * hundred.
 *
 * <p>A hand-off has two steps, because the tasks exist only once the create's transaction commits:
 * {@link #reserve} takes waiting claims out of the running before the transaction, and then
 * {@link #deliver} gives them the committed tasks, or {@link #cancel} sends them back to look for work.
 * A reserved waiter keeps waiting (past its own timeout) until one of the two happens. A waiter whose client
 * has gone {@link #leave leaves} at once, so no create reserves it.
 */
public final class ReadySignal {
    private final LoopClock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, ArrayDeque<Waiter>> waitingByTenant = new HashMap<>();
    private final Map<GroupKey, Group> groups = new HashMap<>();
    private long generation;
    private boolean closed;

    private enum Stage { WAITING, RESERVED, DONE }

    /** Waiting claims that would find the same tasks: one tenant, the same types. */
    private record GroupKey(String tenant, Set<String> types) {}

    /** The waiters of one {@link GroupKey}, oldest first, and when the group looks for work next. */
    private static final class Group {
        private final GroupKey key;
        private final long lookEveryNanos;
        private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
        private long nextLookAt;

        private Group(GroupKey key, long lookEveryNanos, long now) {
            this.key = key;
            this.lookEveryNanos = lookEveryNanos;
            this.nextLookAt = now + lookEveryNanos;
        }
    }

    /** Claims whose request arrived last first (their arrival, not their place in the line, which turns reorder). */
    private static final Comparator<Waiter> LAST_ARRIVED_FIRST = (a, b) -> Long.signum(b.arrivedAt - a.arrivedAt);

    /** A long-polling claim, registered while it waits. Only this class reads or changes its stage. */
    static final class Waiter {
        private final TaskClaim claim;
        private final long arrivedAt;
        private final Condition wake;
        private final Group group;
        private Stage stage = Stage.WAITING;
        private boolean woken;
        private List<Task> handed = List.of();

        private Waiter(TaskClaim claim, long arrivedAt, Condition wake, Group group, boolean woken) {
            this.claim = claim;
            this.arrivedAt = arrivedAt;
            this.wake = wake;
            this.group = group;
            this.woken = woken;
        }

        /** What the waiting claim asked for: a task handed to it is claimed on these terms. */
        TaskClaim claim() {
            return claim;
        }

        private boolean accepts(String type) {
            return claim.types().isEmpty() || claim.types().contains(type);
        }
    }

    /** Which waiting claim each task of one create was reserved for, by task id (a task not named goes to the queue). */
    static final class Reservation {
        private final Map<UUID, Waiter> byTask;

        private Reservation(Map<UUID, Waiter> byTask) {
            this.byTask = byTask;
        }

        /** The waiter reserved for the task with this id, or null when it goes to the queue as usual. */
        Waiter waiterOf(UUID taskId) {
            return byTask.get(taskId);
        }

        boolean isEmpty() {
            return byTask.isEmpty();
        }
    }

    public ReadySignal() {
        this(LoopClock.SYSTEM);
    }

    /** @param clock the time and the waits of the waiting claims (a test's clock moves by hand) */
    public ReadySignal(LoopClock clock) {
        this.clock = clock;
    }

    public long generation() {
        lock.lock();
        try {
            return generation;
        } finally {
            lock.unlock();
        }
    }

    /** Wakes every waiting claim to look for work. */
    public void signal() {
        signal(null, null);
    }

    /**
     * Wakes the waiting claims of {@code tenant} (every tenant's when null) that would take a task of one of
     * {@code types} (any type when null) to look for work: tasks of these may have become ready.
     */
    public void signal(String tenant, Collection<String> types) {
        lock.lock();
        try {
            generation++;
            for (Map.Entry<String, ArrayDeque<Waiter>> waiters : waitingByTenant.entrySet()) {
                if (tenant != null && !tenant.equals(waiters.getKey())) {
                    continue;
                }
                for (Waiter w : waiters.getValue()) {
                    if (types == null || types.stream().anyMatch(w::accepts)) {
                        w.woken = true;
                        w.wake.signal();
                    }
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Ends every wait now, and every later one at once: the node is shutting down, so its long-polling claims
     * answer (with nothing) instead of holding the HTTP server's stop until they time out. A reserved claim
     * still gets what its create delivers.
     */
    public void close() {
        lock.lock();
        try {
            closed = true;
        } finally {
            lock.unlock();
        }
        signal();
    }

    /** True once {@link #close} was called: a claim should answer with what it found instead of waiting. */
    public boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /** How many long-polling claims are waiting on this node now. */
    public int waitingClaims() {
        lock.lock();
        try {
            return waitingByTenant.values().stream().mapToInt(ArrayDeque::size).sum();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Registers a claim that found nothing when the generation was {@code seen}; woken at once if any signal
     * came since. Its group (formed now, unless others of its tenant and types wait already) looks for work at
     * most once per {@code lookEveryNanos}. {@code arrivedAt} ({@link System#nanoTime}) is when the claim's
     * request arrived, the same each time it registers again. The caller must then call {@link #awaitWork}.
     */
    Waiter startWaiting(TaskClaim claim, long seen, long lookEveryNanos, long arrivedAt) {
        lock.lock();
        try {
            Group group = groups.computeIfAbsent(new GroupKey(claim.tenant(), Set.copyOf(claim.types())),
                    key -> new Group(key, lookEveryNanos, clock.nanoTime()));
            Waiter w = new Waiter(claim, arrivedAt, lock.newCondition(), group, generation != seen || closed); // a signal since it looked, or stopping
            group.waiters.addLast(w);
            waitingByTenant.computeIfAbsent(claim.tenant(), t -> new ArrayDeque<>()).addLast(w);
            return w;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until a create hands {@code w} tasks, a signal for its tenant and types wakes it, {@code nanos} pass,
     * or it is this waiter's turn to look for work for its group (the oldest waiter's, once per the group's
     * interval, counted from when it formed); then unregisters it. Returns the tasks handed to it,
     * or an empty list when it should look for work itself. Interrupted while reserved, it still waits for the
     * create and returns what it was handed, with the interrupt flag set again (the tasks are already claimed
     * for it).
     */
    List<Task> awaitWork(Waiter w, long nanos) throws InterruptedException {
        lock.lock();
        try {
            long deadline = clock.nanoTime() + nanos;
            Group group = w.group;
            try {
                while (w.stage == Stage.WAITING && !w.woken) {
                    long now = clock.nanoTime();
                    if (now - deadline >= 0) {
                        break;
                    }
                    boolean oldest = group.waiters.peekFirst() == w;
                    if (oldest && now - group.nextLookAt >= 0) {
                        group.nextLookAt = now + group.lookEveryNanos; // this waiter's turn; the next one waits a whole interval
                        break;
                    }
                    long until = oldest && group.nextLookAt - deadline < 0 ? group.nextLookAt : deadline;
                    clock.awaitUntil(lock, w.wake, until);
                }
            } catch (InterruptedException e) {
                if (w.stage == Stage.WAITING) {
                    stopWaiting(w);
                    throw e;
                }
                Thread.currentThread().interrupt();
            }
            if (w.stage == Stage.WAITING) {
                stopWaiting(w);
                return List.of();
            }
            while (w.stage == Stage.RESERVED) {
                clock.awaitUninterruptibly(lock, w.wake);
            }
            return w.handed;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Unregisters {@code w} at once because its client has gone: no create reserves it any more, and its
     * {@link #awaitWork} returns empty-handed. A waiter a create has reserved already gets what that create
     * delivers (its caller must give it back).
     */
    void leave(Waiter w) {
        lock.lock();
        try {
            if (w.stage == Stage.WAITING) {
                stopWaiting(w);
                w.wake.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Reserves waiting claims for the ready tasks of one create, the claim whose request arrived last first (the
     * likeliest to have a client still listening: a claim whose client vanished without closing its connection
     * arrived before the fresh claim of a worker that just finished a task), each up to its limit. A task due
     * later than {@code now} is never handed off. Every reservation must later get {@link #deliver} or
     * {@link #cancel}.
     */
    Reservation reserve(String tenant, List<Task> tasks, Instant now) {
        lock.lock();
        try {
            ArrayDeque<Waiter> waiting = waitingByTenant.get(tenant);
            List<Waiter> waiters = List.of();
            if (waiting != null && tasks.stream().anyMatch(t -> !t.runAt().isAfter(now))) {
                waiters = new ArrayList<>(waiting);
                waiters.sort(LAST_ARRIVED_FIRST);
            }
            Map<UUID, Waiter> byTask = new HashMap<>();
            Map<Waiter, Integer> taken = new IdentityHashMap<>(); // tasks reserved per waiter by this create
            for (Task task : tasks) {
                Waiter chosen = null;
                if (!task.runAt().isAfter(now)) {
                    for (Waiter w : waiters) {
                        if (w.stage == Stage.WAITING && taken.getOrDefault(w, 0) < w.claim.limit() && w.accepts(task.type())) {
                            chosen = w;
                            taken.merge(w, 1, Integer::sum);
                            break;
                        }
                    }
                }
                if (chosen != null) {
                    byTask.put(task.id(), chosen);
                }
            }
            for (Waiter w : taken.keySet()) {
                w.stage = Stage.RESERVED;
                w.handed = new ArrayList<>();
            }
            return new Reservation(byTask);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Gives each reserved waiter the tasks the create committed for it, claimed: {@code handedOver} holds those
     * inserted (a reserved task that turned out to be an idempotent replay is not among them). A waiter left with
     * none goes back to looking for work.
     */
    void deliver(Reservation reservation, List<Task> handedOver) {
        lock.lock();
        try {
            for (Task task : handedOver) {
                Waiter w = reservation.byTask.get(task.id());
                if (w != null) {
                    w.handed.add(task);
                }
            }
            finish(reservation);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sends the waiters of a create that did not commit back to looking for work; a waiter that was
     * {@link #deliver delivered} its tasks already keeps them.
     */
    void cancel(Reservation reservation) {
        lock.lock();
        try {
            for (Waiter w : reservation.byTask.values()) {
                if (w.stage == Stage.RESERVED) {
                    w.handed = List.of();
                }
            }
            finish(reservation);
        } finally {
            lock.unlock();
        }
    }

    private void finish(Reservation reservation) {
        for (Waiter w : reservation.byTask.values()) {
            if (w.stage == Stage.RESERVED) {
                w.stage = Stage.DONE;
                w.handed = List.copyOf(w.handed);
                stopWaiting(w);
                w.wake.signal();
            }
        }
    }

    private void stopWaiting(Waiter w) {
        w.stage = Stage.DONE;
        ArrayDeque<Waiter> waiters = waitingByTenant.get(w.claim.tenant());
        if (waiters != null) {
            waiters.remove(w);
            if (waiters.isEmpty()) {
                waitingByTenant.remove(w.claim.tenant());
            }
        }
        Group group = w.group;
        boolean wasOldest = group.waiters.peekFirst() == w;
        group.waiters.remove(w);
        if (group.waiters.isEmpty()) {
            groups.remove(group.key, group);
        } else if (wasOldest) {
            group.waiters.peekFirst().wake.signal(); // the new oldest keeps the group's turns
        }
    }
}
