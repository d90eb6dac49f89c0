package dev.taskledger.server;

import dev.taskledger.server.outbox.BrokerOutageContract;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The server's contracts that must run alone, one nested class per contract and backend, one after another once every
 * other test class of this module has finished (JUnit {@code @Isolated}; the rest runs concurrently, see the parent
 * pom's surefire configuration). {@link BrokerOutageContract} stops the shared RabbitMQ broker that
 * the other relay tests publish to; the others bound wall-clock times in milliseconds that another test's load on
 * the machine's two cores could stretch: a database going silent ({@link DatabaseOutageContract}: 503 within the
 * connect and health timeouts), another node's wake-up ({@link CrossNodeWakeUpContract}) and nodes with skewed
 * clocks heartbeating against a 2 s lease ({@link CrossNodeClockSkewContract}). These three concern a database that
 * several nodes share over the network, so they run on PostgreSQL, MariaDB and MongoDB (SQLite lives inside one
 * process).
 */
@Isolated("stops the shared RabbitMQ broker; bounds wall-clock times that concurrent tests could stretch")
class IsolatedServerContractsTest {

    @Nested class SqliteBrokerOutage extends BrokerOutageContract { @Override protected Backend newBackend() { return Backend.sqlite(); } }
    @Nested class PostgresBrokerOutage extends BrokerOutageContract { @Override protected Backend newBackend() { return Backend.postgres(); } }
    @Nested class MariadbBrokerOutage extends BrokerOutageContract { @Override protected Backend newBackend() { return Backend.mariadb(); } }
    @Nested class MongoBrokerOutage extends BrokerOutageContract { @Override protected Backend newBackend() { return Backend.mongo(); } }

    @Nested class PostgresDatabaseOutage extends DatabaseOutageContract { @Override protected Backend newBackend() { return Backend.postgres(); } }
    @Nested class MariadbDatabaseOutage extends DatabaseOutageContract { @Override protected Backend newBackend() { return Backend.mariadb(); } }
    @Nested class MongoDatabaseOutage extends DatabaseOutageContract { @Override protected Backend newBackend() { return Backend.mongo(); } }

    @Nested class PostgresClockSkew extends CrossNodeClockSkewContract { @Override protected Backend newBackend() { return Backend.postgres(); } }
    @Nested class MariadbClockSkew extends CrossNodeClockSkewContract { @Override protected Backend newBackend() { return Backend.mariadb(); } }
    @Nested class MongoClockSkew extends CrossNodeClockSkewContract { @Override protected Backend newBackend() { return Backend.mongo(); } }

    /** LISTEN/NOTIFY: the other node's polling is all but switched off for the test. */
    @Nested class PostgresCrossNodeWakeUp extends CrossNodeWakeUpContract {
        @Override protected Backend newBackend() { return Backend.postgres(); }
        @Override protected boolean notifies() { return true; }
        @Override protected long maxLatencyMs() { return 1000; }
    }

    /** No notifications: other nodes find new tasks by polling. */
    @Nested class MariadbCrossNodeWakeUp extends CrossNodeWakeUpContract {
        @Override protected Backend newBackend() { return Backend.mariadb(); }
        @Override protected boolean notifies() { return false; }
        @Override protected long maxLatencyMs() { return 2000; }
    }

    /** No notifications: other nodes find new tasks by polling. */
    @Nested class MongoCrossNodeWakeUp extends CrossNodeWakeUpContract {
        @Override protected Backend newBackend() { return Backend.mongo(); }
        @Override protected boolean notifies() { return false; }
        @Override protected long maxLatencyMs() { return 2000; }
    }
}
