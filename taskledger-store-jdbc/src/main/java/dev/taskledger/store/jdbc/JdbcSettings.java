package dev.taskledger.store.jdbc;

/**
 * How to reach a SQL database. {@code url} is a JDBC URL ({@code jdbc:postgresql:}, {@code jdbc:sqlite:},
 * {@code jdbc:mariadb:}, {@code jdbc:mysql:}); {@code schema} is used where the database has schemas
 * (PostgreSQL); {@code maxPoolSize} bounds the connection pool (SQLite always uses one writer connection).
 */
public record JdbcSettings(String url, String user, String password, String schema, int maxPoolSize) {
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
    }
}
