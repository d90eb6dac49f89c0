package dev.taskledger.store.jdbc;

import java.time.Duration;

/**
 * How to reach a SQL database. {@code url} is a JDBC URL ({@code jdbc:postgresql:}, {@code jdbc:sqlite:},
 * {@code jdbc:mariadb:}, {@code jdbc:mysql:}); {@code schema} is used where the database has schemas
 * (PostgreSQL) and names the database on MySQL/MariaDB; {@code maxPoolSize} bounds the connection pool (SQLite
 * always uses one writer connection); {@code connectTimeout} is the longest a transaction waits for a
 * connection (from the pool, or a new one) before it fails as unavailable: during a database outage every
 * request answers 503 after at most this long.
 */
public record JdbcSettings(String url, String user, String password, String schema, int maxPoolSize, Duration connectTimeout) {
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** HikariCP's lower bound. */
    public static final Duration MIN_CONNECT_TIMEOUT = Duration.ofMillis(250);

    public JdbcSettings {
        if (url == null || !url.startsWith("jdbc:")) {
            throw new IllegalArgumentException("not a JDBC URL: " + url);
        }
        if (schema == null || schema.isBlank()) {
            schema = "taskledger";
        }
        if (!schema.matches("[A-Za-z_][A-Za-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("schema must be a plain identifier (letters, digits, _): " + schema);
        }
        if (maxPoolSize < 1) {
            maxPoolSize = 10;
        }
        if (connectTimeout == null) {
            connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        }
        if (connectTimeout.compareTo(MIN_CONNECT_TIMEOUT) < 0) {
            throw new IllegalArgumentException("connectTimeout must be at least " + MIN_CONNECT_TIMEOUT.toMillis() + " ms: " + connectTimeout);
        }
    }

    /** Settings with the {@link #DEFAULT_CONNECT_TIMEOUT}. */
    public JdbcSettings(String url, String user, String password, String schema, int maxPoolSize) {
        this(url, user, password, schema, maxPoolSize, DEFAULT_CONNECT_TIMEOUT);
    }
}
