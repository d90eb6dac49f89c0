package dev.taskledger.server.metrics;

import dev.taskledger.queue.LimitService;
import dev.taskledger.queue.TaskStats;
import dev.taskledger.queue.TaskStatus;
import dev.taskledger.queue.spi.OutboxStore;
import dev.taskledger.store.Store;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Gauges read from the database: tasks per tenant × type × status, the age of the oldest ready task per tenant,
 * per tenant with limits and type the running, limited-waiting and rate-limited-waiting tasks, and the outbox lag. Reading them costs a few queries per tenant, so a scrape reuses values younger than
 * {@code maxAge} ({@link #refreshIfStale}); a failed read keeps the previous values and is logged.
 */
public final class StoreGauges {
    private static final Logger LOG = LoggerFactory.getLogger(StoreGauges.class);

    private final Store store;
    private final Clock clock;
    private final Set<String> tenants;
    private final long maxAgeNanos;
    private final MultiGauge tasks;
    private final MultiGauge readyAge;
    private final MultiGauge limited;
    private volatile OutboxStore.Lag lag = new OutboxStore.Lag(0, null);
    private volatile Instant lagReadAt = Instant.EPOCH;
    private long refreshedAtNanos;
    private boolean refreshed;

    public StoreGauges(Store store, Clock clock, Set<String> tenants, Duration maxAge, MeterRegistry registry) {
        this.store = store;
        this.clock = clock;
        this.tenants = Set.copyOf(tenants);
        this.maxAgeNanos = maxAge.toNanos();
        this.tasks = MultiGauge.builder("taskledger.tasks")
                .description("Tasks by tenant, type and status (read from the database, cached a few seconds)")
                .register(registry);
        this.readyAge = MultiGauge.builder("taskledger.ready.oldest.age").baseUnit("seconds")
                .description("How long the oldest ready pending task of the tenant has been waiting (0 when none)")
                .register(registry);
        this.limited = MultiGauge.builder("taskledger.limits.tasks")
                .description("Of a tenant with limits, per type: tasks running, and ready tasks held back by a full concurrency"
                        + " limit (limited_waiting) or a spent rate (rate_limited_waiting)")
                .register(registry);
        Gauge.builder("taskledger.outbox.unsent", this, g -> g.lag.unsent())
                .description("Outbox messages not yet confirmed by RabbitMQ").register(registry);
        Gauge.builder("taskledger.outbox.oldest.unsent.age", this, StoreGauges::oldestUnsentAgeSeconds).baseUnit("seconds")
                .description("Age of the oldest unsent outbox message (0 when none)").register(registry);
    }

    /** Reads the database again unless the values are younger than {@code maxAge}. */
    public synchronized void refreshIfStale() {
        long now = System.nanoTime();
        if (refreshed && now - refreshedAtNanos < maxAgeNanos) {
            return;
        }
        refreshedAtNanos = now;
        refreshed = true;
        try {
            refresh();
        } catch (RuntimeException e) {
            LOG.warn("could not read the task and outbox gauges from the database: {}", e.toString());
        }
    }

    private void refresh() {
        Instant now = clock.instant();
        List<MultiGauge.Row<?>> taskRows = new ArrayList<>();
        List<MultiGauge.Row<?>> ageRows = new ArrayList<>();
        List<MultiGauge.Row<?>> limitRows = new ArrayList<>();
        for (String tenant : tenants) {
            TaskStats stats = store.inTransaction(tx -> tx.tasks().stats(tenant, now));
            Map<String, Map<TaskStatus, Long>> byType = new TreeMap<>();
            for (TaskStats.Count c : stats.counts()) {
                byType.computeIfAbsent(c.type(), t -> zeros()).merge(c.status(), c.count(), Long::sum);
            }
            byType.forEach((type, counts) -> counts.forEach((status, n) ->
                    taskRows.add(MultiGauge.Row.of(Tags.of("tenant", tenant, "type", type, "status", status.wireName()), n))));
            double age = stats.oldestReadyRunAt() == null ? 0
                    : Math.max(0, Duration.between(stats.oldestReadyRunAt(), now).toMillis() / 1000.0);
            ageRows.add(MultiGauge.Row.of(Tags.of("tenant", tenant), age));
            for (LimitService.Waiting w : store.inTransaction(tx -> LimitService.waiting(tx, tenant, now))) {
                limitRows.add(MultiGauge.Row.of(Tags.of("tenant", tenant, "type", w.type(), "state", "running"), w.running()));
                limitRows.add(MultiGauge.Row.of(Tags.of("tenant", tenant, "type", w.type(), "state", "limited_waiting"), w.limitedWaiting()));
                limitRows.add(MultiGauge.Row.of(Tags.of("tenant", tenant, "type", w.type(), "state", "rate_limited_waiting"),
                        w.rateLimitedWaiting()));
            }
        }
        limited.register(limitRows, true);
        tasks.register(taskRows, true);
        readyAge.register(ageRows, true);
        lag = store.inTransaction(tx -> tx.outbox().lag());
        lagReadAt = now;
    }

    private static Map<TaskStatus, Long> zeros() {
        Map<TaskStatus, Long> m = new EnumMap<>(TaskStatus.class);
        for (TaskStatus s : TaskStatus.values()) {
            m.put(s, 0L);
        }
        return m;
    }

    private double oldestUnsentAgeSeconds() {
        OutboxStore.Lag l = lag;
        return l.oldestCreatedAt() == null ? 0 : Math.max(0, Duration.between(l.oldestCreatedAt(), lagReadAt).toMillis() / 1000.0);
    }
}
