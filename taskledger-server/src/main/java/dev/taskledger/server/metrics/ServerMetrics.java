package dev.taskledger.server.metrics;

import dev.taskledger.common.DatabaseClock;
import dev.taskledger.jobs.BackgroundJob;
import dev.taskledger.queue.CommitListener;
import dev.taskledger.server.config.Config;
import dev.taskledger.server.http.RouteGroup;
import dev.taskledger.server.jobs.RetentionJob;
import dev.taskledger.server.outbox.OutboxRelay;
import dev.taskledger.store.Store;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Clock;
import java.time.Duration;

/**
 * Everything {@code /metrics} shows, wired once: the Prometheus registry with JVM and process meters, the task
 * counters ({@link TaskCounters}, told by the queue after each commit), the database gauges ({@link StoreGauges}), the outbox relay's and the
 * retention job's counters, each background job's last success, and the HTTP timer ({@link MetricsRoutes}). Metric names are listed in
 * docs/operations.md.
 */
public final class ServerMetrics implements AutoCloseable {
    /** How long gauge values read from the database are reused by scrapes. */
    static final Duration GAUGE_MAX_AGE = Duration.ofSeconds(5);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final Config.Metrics settings;
    private final Clock clock;
    private final TaskCounters taskCounters = new TaskCounters(registry);
    private StoreGauges gauges;

    public ServerMetrics(Config.Metrics settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        gc.bindTo(registry);
    }

    /** Counts the task transitions each queue transaction committed: the queue's after-commit listener. */
    public CommitListener taskCounters() {
        return taskCounters;
    }

    /** The database gauges, read from {@code store}. */
    public void watch(Store store) {
        gauges = new StoreGauges(store, clock, settings.tenants(), GAUGE_MAX_AGE, registry);
    }

    public void watch(OutboxRelay relay) {
        FunctionCounter.builder("taskledger.outbox.published", relay, OutboxRelay::published)
                .description("Outbox messages this node published and RabbitMQ confirmed").register(registry);
        FunctionCounter.builder("taskledger.outbox.refused", relay, OutboxRelay::refused)
                .description("Outbox messages RabbitMQ refused (nack); each is retried with backoff").register(registry);
        FunctionCounter.builder("taskledger.outbox.connection.failures", relay, OutboxRelay::connectionFailures)
                .description("Failed connection attempts to RabbitMQ and lost connections").register(registry);
        Gauge.builder("taskledger.outbox.relay.leader", relay, r -> r.isLeader() ? 1 : 0)
                .description("1 when this node holds the outbox relay lease (publishes), else 0").register(registry);
        Gauge.builder("taskledger.outbox.relay.connected", relay, r -> r.isConnected() ? 1 : 0)
                .description("1 while this node's relay is connected to RabbitMQ").register(registry);
    }

    public void watch(RetentionJob job) {
        FunctionCounter.builder("taskledger.retention.deleted", job, RetentionJob::deletedTasks).tag("kind", "tasks")
                .description("Rows the retention job of this node deleted").register(registry);
        FunctionCounter.builder("taskledger.retention.deleted", job, RetentionJob::deletedEvents).tag("kind", "events")
                .description("Rows the retention job of this node deleted").register(registry);
    }

    public void watch(DatabaseClock clock) {
        Gauge.builder("taskledger.clock.offset.seconds", clock, c -> c.offset().toNanos() / 1e9)
                .description("How far the database's clock is ahead of this node's (negative: behind), as last measured")
                .register(registry);
        Gauge.builder("taskledger.clock.uncertainty.seconds", clock, c -> c.uncertainty().toNanos() / 1e9)
                .description("Error bound of that measurement: half the round trip of the query that read the database's clock")
                .register(registry);
    }

    /** The loop's last successful step and its failures (docs/operations.md, "Background jobs"). */
    public void watch(BackgroundJob job) {
        Gauge.builder("taskledger.background.last.success.timestamp.seconds", job, BackgroundJob::lastSuccessEpochSeconds)
                .tag("job", job.name())
                .description("When this node's background job last completed a step without error, in seconds since the epoch (0: never)")
                .register(registry);
        FunctionCounter.builder("taskledger.background.failures", job, BackgroundJob::failures).tag("job", job.name())
                .description("Steps of this node's background job that threw (the loop goes on)").register(registry);
    }

    /** {@code GET /metrics} and the HTTP request timer; call {@link #watch(Store)} first. */
    public RouteGroup routes() {
        if (gauges == null) {
            throw new IllegalStateException("watch(store) must come before routes()");
        }
        return new MetricsRoutes(registry, gauges, settings.requireAdminKey());
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
