package dev.taskledger.server;

import dev.taskledger.common.DatabaseClock;
import dev.taskledger.jobs.BackgroundJob;
import dev.taskledger.jobs.BackgroundLoop;
import dev.taskledger.jobs.EventPartitioning;
import dev.taskledger.jobs.LoopClock;
import dev.taskledger.jobs.Service;
import dev.taskledger.ledger.LedgerService;
import dev.taskledger.queue.CommitListener;
import dev.taskledger.queue.Queue;
import dev.taskledger.queue.QueueLoops;
import dev.taskledger.queue.QueueSettings;
import dev.taskledger.queue.ReadySignal;
import dev.taskledger.schedule.ScheduleFiring;
import dev.taskledger.schedule.ScheduleService;
import dev.taskledger.server.config.Config;
import dev.taskledger.server.config.Stores;
import dev.taskledger.server.http.Authenticator;
import dev.taskledger.server.console.ConsoleRoutes;
import dev.taskledger.server.http.HttpServer;
import dev.taskledger.server.http.WhoAmIRoutes;
import dev.taskledger.server.http.OpenApiRoutes;
import dev.taskledger.server.http.RequestFilter;
import dev.taskledger.server.http.RouteGroup;
import dev.taskledger.server.http.SystemRoutes;
import dev.taskledger.server.jobs.RetentionJob;
import dev.taskledger.server.ledger.LedgerIds;
import dev.taskledger.server.ledger.LedgerRoutes;
import dev.taskledger.server.ledger.ReplicLedgerRoutes;
import dev.taskledger.server.metrics.ServerMetrics;
import dev.taskledger.server.outbox.OutboxRelay;
import dev.taskledger.server.outbox.OutboxRoutes;
import dev.taskledger.server.queue.BatchWorkRoutes;
import dev.taskledger.server.queue.LimitRoutes;
import dev.taskledger.server.queue.TaskRoutes;
import dev.taskledger.server.queue.WorkRoutes;
import dev.taskledger.server.schedule.ScheduleRoutes;
import dev.taskledger.store.Store;
import dev.taskledger.store.StoreBackend;
import io.javalin.router.Endpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The composition root: config → store (migrated) → services → background loops → HTTP server, with plain
 * constructors. {@code Main} runs it; tests start the very same wiring on a random port.
 * Background {@link Service}s start in list order (the HTTP server last, once everything it calls is
 * ready) and stop in reverse (the HTTP server first, so no request arrives while the loops wind down;
 * before it, the long-polling claims are told to answer, so they do not hold its graceful stop); the store
 * closes after all of them.
 */
public final class Application implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Application.class);

    private final Config config;
    private final Store store;
    private final ServerMetrics metrics;
    private final HttpServer http;
    private final List<Service> services;
    private final ReadySignal ready;
    private final AutoCloseable readySubscription;
    private final List<Service> started = new ArrayList<>();
    private boolean closed;

    private Application(Config config, Store store, ServerMetrics metrics, ReadySignal ready, AutoCloseable readySubscription,
                        HttpServer http, List<Service> services) {
        this.config = config;
        this.store = store;
        this.metrics = metrics;
        this.ready = ready;
        this.readySubscription = readySubscription;
        this.http = http;
        this.services = services;
    }

    /** Opens and migrates the store, starts everything, and logs one line saying where it listens. */
    public static Application start(Config config) {
        return start(config, Clock.systemUTC());
    }

    /**
     * As {@link #start(Config)}, with this node's clock (tests move it, or set it off). Services and background jobs
     * use the database's clock, which is this clock corrected by its measured offset to the database
     * ({@link DatabaseClock}; on SQLite, this clock itself).
     */
    static Application start(Config config, Clock nodeClock) {
        return start(config, nodeClock, null);
    }

    /**
     * The clocks of the scheduler: {@code fires}, the time schedules fire by, and {@code loop}, the waits of its
     * loop. A node runs on the database's clock and the machine's waits; a test moves both by hand
     * ({@code ManualLoopClock}) to step through hundreds of fire times in seconds, on the same code path.
     */
    record SchedulerClocks(Clock fires, LoopClock loop) {}

    /** As {@link #start(Config, Clock)}; {@code scheduler} null: the database's clock and the machine's waits. */
    static Application start(Config config, Clock nodeClock, SchedulerClocks scheduler) {
        StoreBackend store = Stores.open(config);
        DatabaseClock clock = DatabaseClock.unmeasured(store, nodeClock);
        ServerMetrics metrics = new ServerMetrics(config.metrics(), clock);
        Application app;
        try {
            store.migrate();
            clock.measure();
            metrics.watch(clock);
            metrics.watch(store);
            // outbox rows are written only when a broker is configured to take them
            OutboxRelay relay = config.outbox().enabled()
                    ? new OutboxRelay(store, store.leases(), config.outbox(), config.nodeId(), clock) : null;
            ReadySignal ready = new ReadySignal();
            QueueSettings queueSettings = QueueSettings.DEFAULTS.withPollInterval(config.pollInterval())
                    .withPublishEvents(relay != null).withTypeTimeouts(config.typeTimeouts());
            Queue queue = new Queue(store, clock, ready, queueSettings, afterCommit(metrics.taskCounters(), relay));
            LedgerService ledger = new LedgerService(store.ledger(), clock);
            List<Service> services = new ArrayList<>();
            BackgroundLoop measuring = QueueLoops.clockMeasuring(clock);
            BackgroundLoop rescuing = QueueLoops.leaseRescuing(queue, config.leaseCheckInterval(), clock);
            services.add(measuring);
            services.add(rescuing);
            // every loop: /metrics and /health watch them
            List<BackgroundJob> jobs = new ArrayList<>(List.of(measuring.job(), rescuing.job()));
            if (relay != null) {
                metrics.watch(relay);
                jobs.add(relay.job());
                services.add(relay);
            }
            EventPartitioning partitioning = new EventPartitioning(store);
            if (partitioning.supported()) { // PostgreSQL: days of events ahead, so inserts land in their day's partition
                partitioning.createAhead(clock.instant(), EventPartitioning.AHEAD);
                BackgroundJob partitions = new BackgroundJob("event-partitions", Duration.ofHours(1), clock);
                services.add(BackgroundLoop.periodic(partitions,
                        () -> partitioning.createAhead(clock.instant(), EventPartitioning.AHEAD)));
                jobs.add(partitions);
            }
            if (config.retention().enabled()) {
                RetentionJob retention = new RetentionJob(store, store.leases(), clock, config.retention(),
                        config.nodeId());
                metrics.watch(retention);
                jobs.add(retention.job());
                services.add(retention);
            }
            ScheduleService schedules = new ScheduleService(queue.tasks(), scheduler == null ? clock : scheduler.fires());
            BackgroundJob scheduling = new BackgroundJob("scheduler", config.schedulerPoll(), clock);
            services.add(new BackgroundLoop(scheduling, scheduler == null ? LoopClock.SYSTEM : scheduler.loop(),
                    BackgroundLoop.Settings.periodic(config.schedulerPoll()), new ScheduleFiring(schedules, config.schedulerPoll())));
            jobs.add(scheduling);
            jobs.forEach(metrics::watch);
            HttpServer http = new HttpServer(config.host(), config.port(), new Authenticator(config), RequestFilter.of(config),
                    routeGroups(config, store, clock, queue, ledger, schedules, metrics, jobs));
            services.add(http);
            // other nodes' creates wake this node's long-polling claims of that tenant (PostgreSQL LISTEN/NOTIFY; no-op elsewhere)
            AutoCloseable readySubscription = store.subscribeReady(tenant -> ready.signal(tenant, null));
            app = new Application(config, store, metrics, ready, readySubscription, http, List.copyOf(services));
        } catch (RuntimeException e) {
            metrics.close();
            store.close();
            throw e;
        }
        app.startServices();
        return app;
    }

    /**
     * What the queue does after each commit: count the task transitions for {@code /metrics}, and wake the outbox
     * relay (when there is one) when the transaction wrote messages for it.
     */
    private static CommitListener afterCommit(CommitListener taskCounters, OutboxRelay relay) {
        if (relay == null) {
            return taskCounters;
        }
        return committed -> {
            taskCounters.committed(committed);
            if (committed.outboxMessages() > 0) {
                relay.wake();
            }
        };
    }

    /**
     * Every HTTP route group, in one list. The ledger's group ({@code dev.taskledger.server.ledger}) plugs in
     * here with the {@code ledger} service, e.g. {@code new LedgerRoutes(ledger)}.
     */
    static List<RouteGroup> routeGroups(Config config, Store store, Clock clock, Queue queue, LedgerService ledger,
                                        ScheduleService schedules, ServerMetrics metrics, List<BackgroundJob> jobs) {
        return List.of(
                metrics.routes(), // first: its before/after hooks time every request
                new SystemRoutes(config.serviceName(), store, config.healthTimeout(), jobs),
                new OpenApiRoutes(),
                new WhoAmIRoutes(config.authEnabled()),
                new OutboxRoutes(store, config.outbox().enabled(), config.authEnabled(), clock),
                new ConsoleRoutes(),
                new TaskRoutes(queue.tasks(), queue.bulk(), queue.limits(), clock),
                new LimitRoutes(queue.limits()),
                new WorkRoutes(queue.work()),
                new BatchWorkRoutes(queue.work()),
                new LedgerRoutes(ledger, LedgerIds.of(store)),
                new ReplicLedgerRoutes(ledger),
                new ScheduleRoutes(schedules));
    }

    private void startServices() {
        try {
            for (Service service : services) {
                service.start();
                started.add(service);
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        long sinceJvmStart = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        LOG.info("{} listening on http://{}:{} (store: {}{}), started in {} ms", config.serviceName(), config.host(),
                http.port(), store.describe(), config.authEnabled() ? "" : "; no API keys: every request is tenant 'default'",
                sinceJvmStart);
    }

    /** The port the HTTP server listens on. */
    public int port() {
        return http.port();
    }

    /** How many long-polling claims wait on this node now (tests). */
    int waitingClaims() {
        return ready.waitingClaims();
    }

    public Store store() {
        return store;
    }

    /** The HTTP endpoints the running server answers (for checking {@code /openapi.yaml}). */
    public List<Endpoint> endpoints() {
        return http.endpoints();
    }

    /** Stops the services in reverse start order, then closes the store; safe to call more than once. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        ready.close(); // long-polling claims answer now, so the HTTP server's graceful stop does not wait for them
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).stop();
            } catch (RuntimeException e) {
                LOG.warn("stopping {} failed: {}", started.get(i).getClass().getSimpleName(), e.toString());
            }
        }
        try {
            readySubscription.close();
        } catch (Exception e) {
            LOG.warn("closing the ready-notification subscription failed: {}", e.toString());
        }
        store.close();
        metrics.close();
        LOG.info("{} stopped", config.serviceName());
    }
}
