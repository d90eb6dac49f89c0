package dev.taskledger.testkit;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Connection strings of the external databases the backends' tests run against, from the environment.
 * An unset variable skips the calling test visibly (reason printed to stderr once and reported by JUnit as
 * an aborted test) — unless {@code TASKLEDGER_TEST_REQUIRE_SERVICES=true}, as in CI with services, where an
 * unset variable FAILS the test so a missing service can never pass as a skip. That applies to the services CI
 * runs (PostgreSQL, MariaDB, RabbitMQ); no MongoDB server runs there, so a real MongoDB stays optional (the
 * MongoDB store is always tested against the in-process mongo-java-server).
 */
public final class ExternalDatabases {
    public static final String POSTGRES_ENV = "TASKLEDGER_TEST_POSTGRES_URL";
    public static final String MARIADB_ENV = "TASKLEDGER_TEST_MARIADB_URL";
    public static final String MONGODB_ENV = "TASKLEDGER_TEST_MONGODB_URI";
    public static final String AMQP_ENV = "TASKLEDGER_TEST_AMQP_URL";
    public static final String REQUIRE_ENV = "TASKLEDGER_TEST_REQUIRE_SERVICES";

    private static final Set<String> REPORTED = ConcurrentHashMap.newKeySet();

    private ExternalDatabases() {}

    /** e.g. {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}. */
    public static String postgresUrl() {
        return require(POSTGRES_ENV, "PostgreSQL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres", true);
    }

    /** e.g. {@code jdbc:mariadb://127.0.0.1:3306/test?user=root}. */
    public static String mariadbUrl() {
        return require(MARIADB_ENV, "MariaDB/MySQL", "jdbc:mariadb://127.0.0.1:3306/test?user=root&sslMode=disable", true);
    }

    /** e.g. {@code mongodb://127.0.0.1:27017}. */
    public static String mongodbUri() {
        return require(MONGODB_ENV, "real-server MongoDB", "mongodb://127.0.0.1:27017", false);
    }

    /** The RabbitMQ the outbox relay tests publish to, e.g. {@code amqp://guest:guest@127.0.0.1:5672/%2F}. */
    public static String amqpUrl() {
        return require(AMQP_ENV, "RabbitMQ", "amqp://guest:guest@127.0.0.1:5672/%2F", true);
    }

    /** True when external services are mandatory (unset URLs fail instead of skipping). */
    public static boolean servicesRequired() {
        return "true".equalsIgnoreCase(System.getenv(REQUIRE_ENV));
    }

    private static String require(String env, String database, String example, boolean providedByCi) {
        String value = System.getenv(env);
        if (value != null && !value.isBlank()) {
            return value.trim();
        }
        if (providedByCi && servicesRequired()) {
            String reason = env + " is not set but " + REQUIRE_ENV + "=true: the " + database
                    + " tests must run (set e.g. " + env + "=" + example + ")";
            return Assertions.fail(reason);
        }
        String reason = database + " tests skipped: " + env + " is not set (e.g. " + env + "=" + example + ")";
        if (REPORTED.add(env)) {
            System.err.println("[taskledger-testkit] " + reason);
        }
        Assumptions.assumeTrue(false, reason);
        throw new IllegalStateException("unreachable");
    }
}
