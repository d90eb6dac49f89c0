package dev.taskledger.embedded;

import dev.taskledger.client.TaskledgerClient;
import dev.taskledger.client.Worker;
import dev.taskledger.common.DatabaseClock;
import dev.taskledger.jobs.BackgroundLoop;
import dev.taskledger.jobs.Service;
import dev.taskledger.queue.Queue;
import dev.taskledger.queue.QueueLoops;
import dev.taskledger.queue.QueueSettings;
import dev.taskledger.queue.ReadySignal;
import dev.taskledger.store.StoreBackend;
import dev.taskledger.store.jdbc.JdbcSettings;
import dev.taskledger.store.jdbc.JdbcStores;
import dev.taskledger.store.mongo.MongoSettings;
import dev.taskledger.store.mongo.MongoStores;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Taskledger inside a Java service: the same {@link TaskledgerClient} (and so the same {@link Worker}) served by the
 * core services over a store in this process, with no HTTP hop. It migrates the store as the server does (the same
 * Flyway migrations) and runs the loops a queue needs to be correct: the database clock's measuring and the rescue
 * of expired leases and overrun attempts ({@link QueueLoops}, the server's own). Retention, the outbox relay and the
 * scheduler stay with the HTTP server. On a database HTTP servers use too, an embedded node is one more peer: the same
 * SQL, the same row locks, the same wake-ups (PostgreSQL LISTEN/NOTIFY), so tasks move freely between both.
 *
 * <pre>{@code
 * try (EmbeddedTaskledger taskledger = EmbeddedTaskledger.builder().jdbcUrl("jdbc:sqlite:./data/tasks.db").start()) {
 *     TaskledgerClient client = taskledger.client();
 *     client.create(NewTask.of("email").payload(Map.of("to", "a@example.org")).build());
 *     try (Worker worker = Worker.builder(client).types("email").handler(task -> send(task)).build()) { ... }
 * }
 * }</pre>
 */
public final class EmbeddedTaskledger implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(EmbeddedTaskledger.class.getName());

    private final StoreBackend store;
    private final boolean ownsStore;
    private final ReadySignal ready;
    private final AutoCloseable readySubscription;
    private final List<Service> started;
    private final TaskledgerClient client;
    private boolean closed;

    private EmbeddedTaskledger(StoreBackend store, boolean ownsStore, ReadySignal ready, AutoCloseable readySubscription,
                               List<Service> started, TaskledgerClient client) {
        this.store = store;
        this.ownsStore = ownsStore;
        this.ready = ready;
        this.readySubscription = readySubscription;
        this.started = started;
        this.client = client;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The client, acting for {@link EmbeddedSettings#tenant()}; thread-safe, one per process. */
    public TaskledgerClient client() {
        return client;
    }

    /** Where the tasks are, for a log line. */
    public String describe() {
        return store.describe();
    }

    /**
     * Wakes the long-polling claims, stops the loops, and closes the store when this opened it. Stop the workers on
     * the client first: their reports after this fail as an outage would.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        ready.close();
        stop(started);
        try {
            readySubscription.close();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "closing the ready-notification subscription failed: " + e);
        }
        if (ownsStore) {
            store.close();
        }
    }

    /** Stops the loops in reverse start order; one that fails to stop does not keep the others running. */
    private static void stop(List<Service> started) {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).stop();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "stopping " + started.get(i).getClass().getSimpleName() + " failed: " + e);
            }
        }
    }

    /** Where the tasks are (one of {@code jdbcUrl}, {@code mongoUri}, {@code store}) and the {@link EmbeddedSettings}. */
    public static final class Builder {
        private JdbcSettings jdbc;
        private MongoSettings mongo;
        private StoreBackend store;
        private EmbeddedSettings settings = EmbeddedSettings.DEFAULTS;
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        /** SQLite ({@code jdbc:sqlite:<path>}), PostgreSQL or MySQL/MariaDB, schema {@code taskledger}, pool of 10. */
        public Builder jdbcUrl(String url) {
            return jdbc(new JdbcSettings(url, null, null, "taskledger", 10));
        }

        /** A JDBC database with user, password, schema and pool size (as {@code TASKLEDGER_DB_*} give the server). */
        public Builder jdbc(JdbcSettings value) {
            this.jdbc = Objects.requireNonNull(value);
            return this;
        }

        /** MongoDB: the URI and the database (the server's {@code MONGODB_URI}, {@code MONGODB_DATABASE}). */
        public Builder mongoUri(String uri, String database) {
            this.mongo = new MongoSettings(uri, database, MongoSettings.DEFAULT_TASKS_COLLECTION, MongoSettings.DEFAULT_CONNECT_TIMEOUT);
            return this;
        }

        /** A store the caller opened and closes (e.g. shared with other code); it is migrated here. */
        public Builder store(StoreBackend value) {
            this.store = Objects.requireNonNull(value);
            return this;
        }

        public Builder settings(EmbeddedSettings value) {
            this.settings = Objects.requireNonNull(value);
            return this;
        }

        public Builder tenant(String tenant) {
            return settings(settings.withTenant(tenant));
        }

        /** This node's clock (tests move it); services use the database's clock measured from it. */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value);
            return this;
        }

        /** Opens (when this opens it) and migrates the store, starts the loops, and answers the running node. */
        public EmbeddedTaskledger start() {
            int given = (jdbc == null ? 0 : 1) + (mongo == null ? 0 : 1) + (store == null ? 0 : 1);
            if (given != 1) {
                throw new IllegalStateException("give exactly one of jdbcUrl/jdbc, mongoUri or store (gave " + given + ")");
            }
            boolean owns = store == null;
            StoreBackend backend = store != null ? store : jdbc != null ? JdbcStores.open(jdbc) : MongoStores.open(mongo);
            List<Service> started = new ArrayList<>();
            try {
                backend.migrate();
                DatabaseClock dbClock = DatabaseClock.unmeasured(backend, clock);
                dbClock.measure();
                ReadySignal ready = new ReadySignal();
                QueueSettings queueSettings = QueueSettings.DEFAULTS.withPollInterval(settings.pollInterval())
                        .withTypeTimeouts(settings.typeTimeouts());
                Queue queue = new Queue(backend, dbClock, ready, queueSettings);
                for (BackgroundLoop loop : List.of(QueueLoops.clockMeasuring(dbClock),
                        QueueLoops.leaseRescuing(queue, settings.leaseCheckInterval(), dbClock))) {
                    loop.start();
                    started.add(loop);
                }
                // other nodes' creates (HTTP servers, other embedded nodes) wake this node's long-polling claims
                AutoCloseable subscription = backend.subscribeReady(tenant -> ready.signal(tenant, null));
                TaskledgerClient client = TaskledgerClient.over(new EmbeddedBackend(queue, dbClock, settings.tenant()));
                return new EmbeddedTaskledger(backend, owns, ready, subscription, List.copyOf(started), client);
            } catch (RuntimeException e) {
                stop(started);
                if (owns) {
                    backend.close();
                }
                throw e;
            }
        }
    }
}
