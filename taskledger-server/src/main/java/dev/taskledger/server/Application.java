package dev.taskledger.server;

import dev.taskledger.common.PeriodicService;
import dev.taskledger.common.Service;
import dev.taskledger.ledger.LedgerService;
import dev.taskledger.server.config.Config;
import dev.taskledger.server.config.Stores;
import dev.taskledger.server.http.Authenticator;
import dev.taskledger.server.http.HttpServer;
import dev.taskledger.server.http.RouteGroup;
import dev.taskledger.server.http.SystemRoutes;
import dev.taskledger.server.ledger.LedgerRoutes;
import dev.taskledger.server.ledger.Seed000Routes;
import dev.taskledger.server.task.BatchWorkRoutes;
import dev.taskledger.server.task.TaskRoutes;
import dev.taskledger.server.task.WorkRoutes;
import dev.taskledger.store.Store;
import dev.taskledger.task.Backoff;
import dev.taskledger.task.LeaseRescuer;
import dev.taskledger.task.ReadySignal;
import dev.taskledger.task.TaskService;
import dev.taskledger.task.WorkService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The composition root: config → store (migrated) → services → background loops → HTTP server, with plain
 * constructors. {@code Main} runs it; tests start the very same wiring on a random port.
 * Background {@link Service}s start in list order (the HTTP server last, once everything it calls is
 * ready) and stop in reverse (the HTTP server first, so no request arrives while the loops wind down);
 * the store closes after all of them.
 */
public final class Application implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Application.class);
    /** Expired leases moved per rescuer step; the next step takes the rest. */
    static final int RESCUE_BATCH = 500;

    private final Config config;
    private final Store store;
    private final HttpServer http;
    private final List<Service> services;
    private final AutoCloseable readySubscription;
    private final List<Service> started = new ArrayList<>();
    private boolean closed;

    private Application(Config config, Store store, AutoCloseable readySubscription, HttpServer http, List<Service> services) {
        this.config = config;
        this.store = store;
        this.readySubscription = readySubscription;
        this.http = http;
        this.services = services;
    }

    /** Opens and migrates the store, starts everything, and logs one line saying where it listens. */
    public static Application start(Config config) {
        Store store = Stores.open(config);
        Application app;
        try {
            store.migrate();
            Clock clock = Clock.systemUTC();
            ReadySignal ready = new ReadySignal();
            TaskService tasks = new TaskService(store, clock, ready);
            WorkService work = new WorkService(store, clock, ready, Backoff.DEFAULT, config.pollInterval());
            LedgerService ledger = new LedgerService(store, clock);
            LeaseRescuer rescuer = new LeaseRescuer(store, clock, ready);
            Service rescue = new PeriodicService("lease-rescuer", config.leaseCheckInterval(),
                    () -> rescuer.rescueExpired(RESCUE_BATCH));
            HttpServer http = new HttpServer(config.host(), config.port(), new Authenticator(config),
                    routeGroups(config, store, clock, tasks, work, ledger));
            // other nodes' creates wake this node's long-polling claims (PostgreSQL LISTEN/NOTIFY; no-op elsewhere)
            AutoCloseable readySubscription = store.subscribeReady(ready::signal);
            app = new Application(config, store, readySubscription, http, List.of(rescue, http));
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        app.startServices();
        return app;
    }

    /**
     * Every HTTP route group, in one list. The ledger's group ({@code dev.taskledger.server.ledger}) plugs in
     * here with the {@code ledger} service, e.g. {@code new LedgerRoutes(ledger)}.
     */
    static List<RouteGroup> routeGroups(Config config, Store store, Clock clock, TaskService tasks, WorkService work,
                                        LedgerService ledger) {
        return List.of(
                new SystemRoutes(config.serviceName(), store),
                new TaskRoutes(tasks, clock),
                new WorkRoutes(work),
                new BatchWorkRoutes(work),
                new LedgerRoutes(ledger),
                new Seed000Routes(ledger));
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

    public Store store() {
        return store;
    }

    /** Stops the services in reverse start order, then closes the store; safe to call more than once. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
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
        LOG.info("{} stopped", config.serviceName());
    }
}
