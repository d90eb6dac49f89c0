package dev.taskledger.queue;

import dev.taskledger.queue.spi.LimitStore;
import dev.taskledger.store.StoreTx;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The claim with limits, and the per-node memory of each tenant's limits, so that claims no limit covers pay nothing.
 *
 * <p>A node keeps the limits it last read of a tenant for {@link #ABSENCE_TTL}. A claim for types none of them
 * covers (a tenant without limits, above all) is the store's plain claim statement, without a query more. Otherwise it
 * is the limited claim: the tenant's limit rows are locked (limited claims of a tenant take turns, on every node, so
 * each counts what the one before it claimed) and read again, the running tasks counted, the ready candidates read in
 * claim order without the types and keys that have no room, and the tasks that {@link ClaimLimits#take} admits are
 * written with a version check; the rate windows that gained starts are saved, all in the claim's transaction.
 *
 * <p>Across nodes, a limit set on one node binds another node's claims at the latest {@link #ABSENCE_TTL} later
 * (when that node had just read the tenant's limits without it).
 */
final class LimitedClaims {
    /** How long a node trusts the limits it read of a tenant (for which types a claim may skip them). */
    static final Duration ABSENCE_TTL = Duration.ofSeconds(1);
    private static final int MAX_CANDIDATES = 1_000;

    /** The tenant's limits as this node read them last, and when. */
    private record Seen(List<Limit> limits, long atNanos) {
        boolean hasLimits() {
            return !limits.isEmpty();
        }
    }

    private final Map<String, Seen> seen = new ConcurrentHashMap<>();
    private final Supplier<Instant> clock;

    /** @param clock the queue's time, in milliseconds */
    LimitedClaims(Supplier<Instant> clock) {
        this.clock = clock;
    }

    /** Whether this node saw, recently, that {@code tenant} has no limits: hand-offs and plain claims are then safe. */
    boolean knownWithoutLimits(String tenant) {
        Seen s = fresh(tenant);
        return s != null && !s.hasLimits();
    }

    private Seen fresh(String tenant) {
        Seen s = seen.get(tenant);
        if (s != null && System.nanoTime() - s.atNanos() > ABSENCE_TTL.toNanos()) {
            seen.remove(tenant, s);
            return null;
        }
        return s;
    }

    /** False when this node saw, recently, that {@code tenant} has limits; true when it saw none or has not looked. */
    boolean mayBeWithoutLimits(String tenant) {
        Seen s = fresh(tenant);
        return s == null || !s.hasLimits();
    }

    /**
     * Whether {@code tenant} has no limits: as this node last saw within {@link #ABSENCE_TTL}, else as read now in
     * {@code tx} (and remembered).
     */
    boolean withoutLimits(StoreTx tx, String tenant) {
        Seen s = fresh(tenant);
        if (s != null) {
            return !s.hasLimits();
        }
        List<Limit> limits = tx.limits().list(tenant);
        remember(tenant, limits);
        return limits.isEmpty();
    }

    /** Forgets what this node knew of {@code tenant}'s limits (they were just changed here). */
    void forget(String tenant) {
        seen.remove(tenant);
    }

    void remember(String tenant, List<Limit> limits) {
        seen.put(tenant, new Seen(List.copyOf(limits), System.nanoTime()));
    }

    /**
     * Whether the tenant's limits let {@code task} (pending and ready) start at {@code now}, for a claim of that one
     * task; when they do, its slot and start are taken (the start recorded in the rate windows).
     */
    boolean admit(StoreTx tx, Task task, Instant now) {
        if (knownWithoutLimits(task.tenant())) {
            return true;
        }
        List<Limit> limits = tx.limits().list(task.tenant());
        remember(task.tenant(), limits);
        if (!ClaimLimits.applyTo(limits, List.of(task.type()))) {
            return true;
        }
        limits = tx.limits().lock(task.tenant());
        ClaimLimits rules = ClaimLimits.of(limits, tx.limits().running(task.tenant(), now), now);
        if (!rules.take(task)) {
            return false;
        }
        for (Limit l : rules.startsToSave()) {
            tx.limits().saveStarts(l);
        }
        return true;
    }

    /** Claims as {@link dev.taskledger.queue.spi.TaskStore#claim} does, within the tenant's limits. */
    List<Task> claim(StoreTx tx, TaskClaim claim) {
        Seen seen = fresh(claim.tenant());
        List<Limit> limits = seen != null ? seen.limits() : tx.limits().list(claim.tenant());
        if (seen == null) {
            remember(claim.tenant(), limits);
        }
        if (!ClaimLimits.applyTo(limits, claim.types())) {
            return tx.tasks().claim(claim);
        }
        // the limited claim: from here on, one per tenant at a time (re-read under the lock: the limits as they are)
        limits = tx.limits().lock(claim.tenant());
        remember(claim.tenant(), limits);
        if (!ClaimLimits.applyTo(limits, claim.types())) {
            return tx.tasks().claim(claim);
        }
        // timed once it holds the lock: a claim that waited its turn must not record starts in the past of the
        // starts that the claims before it recorded (the rate window assumes they come in time order)
        Instant now = clock.get();
        if (now.isAfter(claim.now())) {
            claim = claim.at(now);
        }
        ClaimLimits rules = ClaimLimits.of(limits, tx.limits().running(claim.tenant(), claim.now()), claim.now());
        List<String> types = new ArrayList<>(claim.types());
        types.removeAll(rules.excludedTypes());
        if (!claim.types().isEmpty() && types.isEmpty()) {
            return List.of();
        }
        // a few more than the claim takes: a key with less room than its tasks among them leaves some behind (should
        // one key crowd the front, the claim takes fewer than it could, and the next one the rest)
        int wanted = Math.min(MAX_CANDIDATES, claim.limit() + 16);
        List<Task> candidates = tx.limits().candidates(new LimitStore.Candidates(claim.tenant(), types,
                rules.excludedTypes(), rules.excludedKeys(claim.types()), claim.now(), wanted));
        List<Task> chosen = new ArrayList<>(claim.limit());
        for (Task t : candidates) {
            if (chosen.size() == claim.limit()) {
                break;
            }
            if (rules.take(t)) {
                // updateAll expects the version read and writes the next one
                chosen.add(claim.applyTo(t).toBuilder().version(t.version()).build());
            }
        }
        if (chosen.isEmpty()) {
            return List.of();
        }
        // rows another transaction changed since the read (a cancel, say) are left out by the version check; their
        // starts still count in the windows saved below, which errs on the safe side
        List<Task> written = new ArrayList<>(tx.tasks().updateAll(chosen));
        for (Limit l : rules.startsToSave()) {
            tx.limits().saveStarts(l);
        }
        Map<UUID, Integer> order = new HashMap<>();
        for (int i = 0; i < chosen.size(); i++) {
            order.put(chosen.get(i).id(), i);
        }
        written.sort(Comparator.comparingInt(t -> order.get(t.id())));
        return written;
    }
}
