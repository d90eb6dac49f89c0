package dev.taskledger.store.jdbc;

import dev.taskledger.testkit.ExternalDatabases;
import dev.taskledger.testkit.StoreContractSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The LISTEN connection's loop: it hears other nodes, reconnects after a lost connection, and stops promptly (within
 * 2 s, so it runs alone among the store contracts: {@link StoreContractSupport#REAL_TIME}).
 */
@ResourceLock(StoreContractSupport.REAL_TIME)
class PostgresReadyListenerTest {
    /** What the listener was called with; null (notifications may have been missed) is queued as this. */
    private static final String ANY_TENANT = "<any tenant>";

    @Test
    void hearsOtherNodes_reconnectsAfterALostConnection_andStopsPromptly() throws Exception {
        String url = ExternalDatabases.postgresUrl();
        ReadyChannel channel = new ReadyChannel("taskledger_ready_test_" + UUID.randomUUID().toString().substring(0, 8), "this-node");
        BlockingQueue<String> calls = new LinkedBlockingQueue<>();
        PostgresReadyListener listener = new PostgresReadyListener(new JdbcSettings(url, null, null, "public", 1),
                channel, tenant -> calls.add(Optional.ofNullable(tenant).orElse(ANY_TENANT)));
        try (Connection other = DriverManager.getConnection(url)) {
            assertThat(calls.poll(15, TimeUnit.SECONDS)).as("listening: anything may have been missed").isEqualTo(ANY_TENANT);

            notify(other, channel.name(), "this-node t0");
            notify(other, channel.name(), "other-node t1");
            assertThat(calls.poll(15, TimeUnit.SECONDS)).as("its own notification skipped").isEqualTo("t1");

            terminateListeners(other, channel.name());
            assertThat(calls.poll(15, TimeUnit.SECONDS)).as("listening again after the lost connection").isEqualTo(ANY_TENANT);
            notify(other, channel.name(), "other-node t2");
            assertThat(calls.poll(15, TimeUnit.SECONDS)).isEqualTo("t2");
        } finally {
            long start = System.nanoTime();
            listener.close();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("close does not wait for the poll").isLessThan(2_000);
        }
        assertThat(calls).isEmpty();
    }

    private static void notify(Connection c, String channel, String payload) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("NOTIFY " + channel + ", '" + payload + "'");
        }
    }

    /** Ends the listener's session from the server side, as a restart or a network cut would. */
    private static void terminateListeners(Connection c, String channel) {
        await().atMost(java.time.Duration.ofSeconds(15)).until(() -> {
            try (Statement s = c.createStatement();
                 var rs = s.executeQuery("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                         + " WHERE query = 'LISTEN " + channel + "' AND pid <> pg_backend_pid()")) {
                rs.next();
                return rs.getInt(1) > 0;
            }
        });
    }
}
