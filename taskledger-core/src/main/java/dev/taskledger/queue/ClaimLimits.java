package dev.taskledger.queue;

import dev.taskledger.queue.spi.LimitStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The rules of concurrency and rate limits, in one place. Built for one moment from a tenant's limits and the counts
 * of its running tasks, it tells which tasks a claim may take ({@link #take}), what a claim's query can leave out,
 * which start windows to write back, and why a ready task waits.
 *
 * <ul>
 * <li>A task is counted by every limit that {@link Limit#covers covers} it: its type's limit, its key's limit for its
 * type, and its key's limit for any type.</li>
 * <li>Running = processing under a lease that has not expired: an expired lease frees its slot at once, before the
 * rescuer puts the task back.</li>
 * <li>A claim takes a task only when every covering limit has a free slot and a free start in its rate window
 * (at most {@code count} starts in any {@code period}: a sliding window of the starts recorded by claims).</li>
 * </ul>
 */
public final class ClaimLimits {
    /** Why a ready task is not claimed now. */
    public enum Blocked { NONE, CONCURRENCY, RATE }

    private static final class Slot {
        final Limit limit;
        long running;
        RateWindow window;
        int taken;

        Slot(Limit limit) {
            this.limit = limit;
        }

        boolean full() {
            return limit.maxRunning() != null && running >= limit.maxRunning();
        }

        boolean rateSpent() {
            return limit.rate() != null && window.started() + taken >= limit.rate().count();
        }
    }

    private final List<Slot> slots;
    private final Instant now;

    private ClaimLimits(List<Slot> slots, Instant now) {
        this.slots = slots;
        this.now = now;
    }

    /** The limits as they stand at {@code now}, with {@code running} = {@link LimitStore#running} at {@code now}. */
    public static ClaimLimits of(List<Limit> limits, List<LimitStore.Usage> running, Instant now) {
        List<Slot> slots = new ArrayList<>(limits.size());
        for (Limit limit : limits) {
            Slot s = new Slot(limit);
            for (LimitStore.Usage u : running) {
                if (limit.covers(u.type(), u.concurrencyKey())) {
                    s.running += u.count();
                }
            }
            s.window = limit.rate() == null ? RateWindow.EMPTY : limit.starts().since(now, limit.rate().periodSeconds());
            slots.add(s);
        }
        return new ClaimLimits(slots, now);
    }

    /** Whether any limit can count a task of {@code types} (empty: any type). */
    public static boolean applyTo(List<Limit> limits, List<String> types) {
        for (Limit l : limits) {
            if (l.type() == null || types.isEmpty() || types.contains(l.type())) {
                return true;
            }
        }
        return false;
    }

    /** Types no task of which can be taken now (a type-wide limit is full or out of starts). */
    public Set<String> excludedTypes() {
        Set<String> out = new LinkedHashSet<>();
        for (Slot s : slots) {
            if (s.limit.type() != null && s.limit.concurrencyKey() == null && (s.full() || s.rateSpent())) {
                out.add(s.limit.type());
            }
        }
        return out;
    }

    /**
     * Keys no task of which can be taken now by a claim for {@code types}: those of a full key limit for any type, or
     * for the claim's only type. (A narrower key limit is applied by {@link #take} alone.)
     */
    public Set<String> excludedKeys(List<String> types) {
        Set<String> out = new LinkedHashSet<>();
        for (Slot s : slots) {
            String key = s.limit.concurrencyKey();
            boolean wholeClaim = s.limit.type() == null || (types.size() == 1 && types.getFirst().equals(s.limit.type()));
            if (key != null && wholeClaim && (s.full() || s.rateSpent())) {
                out.add(key);
            }
        }
        return out;
    }

    /** Takes a slot and a start for {@code task} in every limit covering it, if all have one; else false and nothing taken. */
    public boolean take(Task task) {
        if (blocked(task.type(), task.concurrencyKey()) != Blocked.NONE) {
            return false;
        }
        for (Slot s : slots) {
            if (s.limit.covers(task.type(), task.concurrencyKey())) {
                s.running++;
                s.taken++;
            }
        }
        return true;
    }

    /** Why a ready task of (type, key) cannot be taken now; a full limit wins over a spent rate. */
    public Blocked blocked(String type, String key) {
        Blocked why = Blocked.NONE;
        for (Slot s : slots) {
            if (s.limit.covers(type, key)) {
                if (s.full()) {
                    return Blocked.CONCURRENCY;
                }
                if (s.rateSpent()) {
                    why = Blocked.RATE;
                }
            }
        }
        return why;
    }

    /** When a start is next free for a task of (type, key) whose rate is spent; null when no rate holds it back. */
    public Instant rateLimitedUntil(String type, String key) {
        Instant until = null;
        for (Slot s : slots) {
            if (s.limit.covers(type, key) && s.rateSpent()) {
                Instant free = s.window.freeAt(s.limit.rate().count(), s.limit.rate().periodSeconds(), s.taken + 1);
                if (free != null && (until == null || free.isAfter(until))) {
                    until = free;
                }
            }
        }
        return until;
    }

    /** The limits with a rate whose window gained starts through {@link #take}: what the claim writes back. */
    public List<Limit> startsToSave() {
        List<Limit> out = new ArrayList<>();
        for (Slot s : slots) {
            if (s.limit.rate() != null && s.taken > 0) {
                // never before the latest start recorded (another node's clock may be ahead): the window stays in order
                out.add(s.limit.withStarts(s.window.plus(s.window.notBefore(now), s.taken)));
            }
        }
        return out;
    }

    /** A limit with its use at this moment: running tasks it counts, starts in its window, when the next start is free. */
    public record Use(Limit limit, long running, int startedInPeriod, Instant rateLimitedUntil) {}

    public List<Use> uses() {
        List<Use> out = new ArrayList<>(slots.size());
        for (Slot s : slots) {
            Instant until = s.rateSpent() ? s.window.freeAt(s.limit.rate().count(), s.limit.rate().periodSeconds(), 1) : null;
            out.add(new Use(s.limit, s.running, s.window.started(), until));
        }
        return out;
    }
}
