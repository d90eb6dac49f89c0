package dev.taskledger.store.jdbc;

import dev.taskledger.jobs.BackgroundJob;
import dev.taskledger.jobs.BackgroundLoop;
import dev.taskledger.jobs.LoopClock;
import dev.taskledger.jobs.LoopStep;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Holds one connection that LISTENs on the schema's {@link ReadyChannel} and calls the listener with the tenant of every
 * other node's notification, so a long-polling claim on this node wakes when another node creates a task for
 * its tenant. Reconnects after a lost connection (and calls the listener with null then: notifications may
 * have been missed, for any tenant).
 */
final class PostgresReadyListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresReadyListener.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    /** How long one step waits for notifications; a step at a time, so a stop is seen between two. */
    private static final int POLL_MILLIS = 1_000;

    private final JdbcSettings settings;
    private final ReadyChannel channel;
    private final Consumer<String> listener;
    private final BackgroundLoop loop;
    private volatile Connection connection;
    private volatile boolean closed;
    private Duration backoff = FIRST_BACKOFF;

    PostgresReadyListener(JdbcSettings settings, ReadyChannel channel, Consumer<String> listener) {
        this.settings = settings;
        this.channel = channel;
        this.listener = listener;
        // not on /health (the store has no metrics of its own): the job only keeps a failing step from ending the loop
        BackgroundJob job = new BackgroundJob("pg-listen", MAX_BACKOFF, Clock.systemUTC());
        this.loop = new BackgroundLoop(job, LoopClock.SYSTEM,
                new BackgroundLoop.Settings(Duration.ZERO, MAX_BACKOFF, Duration.ZERO, Duration.ofSeconds(2)), new Listening());
        loop.start();
    }

    /** One step: connect and LISTEN when not connected, then wait up to a second for notifications. */
    private final class Listening implements LoopStep {
        @Override
        public Duration run() {
            try {
                Connection c = connection;
                if (c == null) {
                    c = listen();
                }
                PGNotification[] notifications = c.unwrap(PGConnection.class).getNotifications(POLL_MILLIS);
                if (notifications != null) {
                    tenantsFromOtherNodes(notifications).forEach(listener);
                }
                return Duration.ZERO;
            } catch (SQLException e) {
                return lost(e);
            }
        }

        /** Closes the connection, so a step waiting for notifications returns at once. */
        @Override
        public void stopping() {
            disconnect();
        }

        @Override
        public void ended() {
            disconnect();
        }
    }

    private Connection listen() throws SQLException {
        Connection c = DriverManager.getConnection(settings.url(), settings.user(), settings.password());
        connection = c;
        try (Statement s = c.createStatement()) {
            s.execute("LISTEN " + channel.name());
        }
        listener.accept(null); // whatever was notified while not listening is unknown
        backoff = FIRST_BACKOFF;
        return c;
    }

    /** The connection failed: closes it and returns the wait before reconnecting, doubling up to 5 s. */
    private Duration lost(SQLException e) {
        disconnect();
        if (closed) {
            return Duration.ZERO; // close() closed the connection under the step: the loop ends now
        }
        Duration wait = backoff;
        LOG.warn("LISTEN connection to {} lost ({}); reconnecting in {} ms", settings.url().replaceAll("password=[^&]*", "password=***"),
                e.getMessage(), wait.toMillis());
        backoff = wait.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait.multipliedBy(2);
        return wait;
    }

    private void disconnect() {
        Connection c = connection;
        connection = null;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                LOG.debug("closing the LISTEN connection: {}", e.getMessage());
            }
        }
    }

    /**
     * The tenants named by other nodes' notifications (payload {@code "<node> <tenant>"}), each once. This node's
     * own notifications are skipped: it woke its waiters itself after the commit.
     */
    private Set<String> tenantsFromOtherNodes(PGNotification[] notifications) {
        Set<String> tenants = new LinkedHashSet<>();
        for (PGNotification n : notifications) {
            String payload = n.getParameter();
            if (!channel.isOwn(payload)) {
                tenants.add(ReadyChannel.tenantOf(payload));
            }
        }
        return tenants;
    }

    @Override
    public void close() {
        closed = true;
        loop.stop();
    }
}
