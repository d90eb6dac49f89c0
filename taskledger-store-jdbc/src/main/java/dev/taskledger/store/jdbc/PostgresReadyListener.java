package dev.taskledger.store.jdbc;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
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

    private final JdbcSettings settings;
    private final ReadyChannel channel;
    private final Consumer<String> listener;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Connection connection;

    PostgresReadyListener(JdbcSettings settings, ReadyChannel channel, Consumer<String> listener) {
        this.settings = settings;
        this.channel = channel;
        this.listener = listener;
        this.thread = Thread.ofPlatform().daemon().name("taskledger-pg-listen").start(this::run);
    }

    private void run() {
        long backoffMillis = 100;
        while (running) {
            try (Connection c = DriverManager.getConnection(settings.url(), settings.user(), settings.password())) {
                connection = c;
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + channel.name());
                }
                listener.accept(null); // whatever was notified while not listening is unknown
                backoffMillis = 100;
                PGConnection pg = c.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(1_000);
                    if (notifications != null) {
                        tenantsFromOtherNodes(notifications).forEach(listener);
                    }
                }
            } catch (SQLException e) {
                if (!running) {
                    return;
                }
                LOG.warn("LISTEN connection to {} lost ({}); reconnecting in {} ms", settings.url().replaceAll("password=[^&]*", "password=***"),
                        e.getMessage(), backoffMillis);
                sleep(backoffMillis);
                backoffMillis = Math.min(backoffMillis * 2, 5_000);
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

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        Connection c = connection;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                LOG.debug("closing the LISTEN connection: {}", e.getMessage());
            }
        }
        thread.interrupt();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
