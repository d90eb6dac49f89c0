package dev.taskledger.queue;

import dev.taskledger.common.ServiceException;
import dev.taskledger.queue.spi.LimitStore;
import dev.taskledger.store.StoreTx;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Sets, lists and removes a tenant's concurrency and rate limits ({@link Limit}), and tells how the limits hold
 * tasks back ({@link #waiting}). The rules themselves are {@link ClaimLimits}'; claims apply them in
 * {@link LimitedClaims}.
 */
public final class LimitService {
    public static final int MAX_RUNNING = 1_000_000;
    /** A rate's window is kept in its limit's row, so its count is bounded. */
    public static final int MAX_RATE_COUNT = 1_000;
    public static final int MAX_RATE_PERIOD_SECONDS = 86_400;

    /** A limit as asked for: type null = any type (then a key is required); key null = the whole type. */
    public record Spec(String type, String concurrencyKey, Integer maxRunning, Limit.Rate rate) {}

    /** Per type, the tenant's running tasks and the ready ones its limits hold back. */
    public record Waiting(String type, long running, long limitedWaiting, long rateLimitedWaiting) {}

    private final QueueTransactions transactions;
    private final LimitedClaims limitedClaims;
    private final ReadySignal readySignal;

    LimitService(QueueTransactions transactions, LimitedClaims limitedClaims, ReadySignal readySignal) {
        this.transactions = transactions;
        this.limitedClaims = limitedClaims;
        this.readySignal = readySignal;
    }

    /** Sets (inserts or replaces) a limit; the starts already counted in its window stay counted. */
    public ClaimLimits.Use put(String tenant, Spec spec) {
        String type = spec.type() == null || spec.type().isEmpty() ? null : TaskLimits.requireType(spec.type());
        String key = TaskLimits.optionalConcurrencyKey("concurrency_key", spec.concurrencyKey());
        if (type == null && key == null) {
            throw ServiceException.invalid("type is required unless a concurrency_key is given");
        }
        if (spec.maxRunning() == null && spec.rate() == null) {
            throw ServiceException.invalid("max_running or rate is required");
        }
        if (spec.maxRunning() != null) {
            TaskLimits.range("max_running", spec.maxRunning(), 0, 0, MAX_RUNNING);
        }
        if (spec.rate() != null) {
            TaskLimits.range("rate.count", spec.rate().count(), 1, 1, MAX_RATE_COUNT);
            TaskLimits.range("rate.period_seconds", spec.rate().periodSeconds(), 1, 1, MAX_RATE_PERIOD_SECONDS);
        }
        ClaimLimits.Use use = transactions.run(log -> {
            Optional<Limit> old = find(log.tx().limits().lock(tenant), type, key);
            Limit limit = new Limit(tenant, type, key, spec.maxRunning(), spec.rate(),
                    old.map(Limit::starts).orElse(RateWindow.EMPTY), log.now());
            log.tx().limits().put(limit);
            return usesOf(log, List.of(limit)).getFirst();
        });
        changed(tenant);
        return use;
    }

    /** The tenant's limits with their use now, ordered by type then key. */
    public List<ClaimLimits.Use> list(String tenant) {
        return transactions.run(log -> usesOf(log, log.tx().limits().list(tenant)));
    }

    /** Removes a limit; 404 when there is none for (type, key). */
    public void delete(String tenant, String type, String concurrencyKey) {
        String t = type == null || type.isEmpty() ? null : type;
        String k = concurrencyKey == null || concurrencyKey.isEmpty() ? null : concurrencyKey;
        boolean deleted = transactions.run(log -> log.tx().limits().delete(tenant, t, k));
        if (!deleted) {
            throw ServiceException.notFound("no limit for type " + (t == null ? "(any)" : "'" + t + "'")
                    + (k == null ? "" : " and concurrency key '" + k + "'"));
        }
        changed(tenant);
    }

    /**
     * Per type: running tasks (processing under an unexpired lease), and ready pending tasks held back by a full
     * concurrency limit or by a spent rate. Empty when the tenant has no limits.
     */
    public List<Waiting> waiting(String tenant) {
        return transactions.run(log -> waiting(log.tx(), tenant, log.now()));
    }

    /** {@link #waiting(String)} in the transaction {@code tx} at {@code now} (the metrics' gauges read it so). */
    public static List<Waiting> waiting(StoreTx tx, String tenant, Instant now) {
        List<Limit> limits = tx.limits().list(tenant);
        if (limits.isEmpty()) {
            return List.of();
        }
        List<LimitStore.Usage> running = tx.limits().running(tenant, now);
        ClaimLimits rules = ClaimLimits.of(limits, running, now);
        Map<String, long[]> byType = new TreeMap<>();
        for (LimitStore.Usage u : running) {
            byType.computeIfAbsent(u.type(), x -> new long[3])[0] += u.count();
        }
        for (LimitStore.Usage u : tx.limits().ready(tenant, now)) {
            long[] counts = byType.computeIfAbsent(u.type(), x -> new long[3]);
            switch (rules.blocked(u.type(), u.concurrencyKey())) {
                case CONCURRENCY -> counts[1] += u.count();
                case RATE -> counts[2] += u.count();
                case NONE -> { }
            }
        }
        List<Waiting> out = new ArrayList<>(byType.size());
        byType.forEach((type, c) -> out.add(new Waiting(type, c[0], c[1], c[2])));
        return out;
    }

    /**
     * For each of {@code tasks} that is ready but waits for a rate limit's next start, when that start is free;
     * the others are left out. Nothing to look up for a tenant without limits.
     */
    public Map<UUID, Instant> rateLimitedUntil(String tenant, List<Task> tasks) {
        Map<UUID, Instant> out = new LinkedHashMap<>();
        if (tasks.isEmpty() || limitedClaims.knownWithoutLimits(tenant)) {
            return out;
        }
        return transactions.run(log -> {
            List<Limit> limits = log.tx().limits().list(tenant);
            limitedClaims.remember(tenant, limits);
            if (limits.stream().noneMatch(l -> l.rate() != null)) {
                return out;
            }
            Instant now = log.now();
            ClaimLimits rules = ClaimLimits.of(limits, List.of(), now);
            for (Task t : tasks) {
                if (t.isReady(now)) {
                    Instant until = rules.rateLimitedUntil(t.type(), t.concurrencyKey());
                    if (until != null) {
                        out.put(t.id(), until);
                    }
                }
            }
            return out;
        });
    }

    private static List<ClaimLimits.Use> usesOf(EventLog log, List<Limit> limits) {
        if (limits.isEmpty()) {
            return List.of();
        }
        String tenant = limits.getFirst().tenant();
        return ClaimLimits.of(limits, log.tx().limits().running(tenant, log.now()), log.now()).uses();
    }

    private static Optional<Limit> find(List<Limit> limits, String type, String key) {
        return limits.stream().filter(l -> Objects.equals(l.type(), type)
                && Objects.equals(l.concurrencyKey(), key)).findFirst();
    }

    /** Limits changed on this node: forget what it knew, and let the tenant's waiting claims look again. */
    private void changed(String tenant) {
        limitedClaims.forget(tenant);
        readySignal.signal(tenant, null);
    }
}
