package dev.taskledger.server.config;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where tasks are stored. Resolved from, in order: {@code TASKLEDGER_DB_URL} (a JDBC URL, a
 * {@code mongodb://} URI, or a bare path meaning SQLite); the task persistence design's {@code DB_HOST} (falling back to
 * {@code API_PG_DB_HOST}), which builds a PostgreSQL URL from {@code DB_PORT}, {@code DB_NAME}/{@code DB_DATABASE};
 * the Task Repository Service's {@code MONGODB_URI}; else the SQLite file {@code ./data/taskledger.db}.
 *
 * @param url            a {@code jdbc:} URL, or the MongoDB URI when {@code backend} is MONGODB
 * @param schema         the schema (PostgreSQL) holding the tables, or the database on MySQL/MariaDB (the one the URL
 *                       names, else {@code TASKLEDGER_DB_SCHEMA}); {@code taskledger} by default
 * @param connectTimeout how long a request waits for a database connection (MongoDB: for a usable server) before it
 *                       fails with 503 ({@code TASKLEDGER_DB_CONNECT_TIMEOUT_MS})
 */
public record Database(Backend backend, String url, String user, String password, String schema, int maxPoolSize,
                       Duration connectTimeout) {

    public static final String DEFAULT_SQLITE_PATH = "./data/taskledger.db";
    public static final String DEFAULT_SCHEMA = "taskledger";
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** {@code jdbc:mariadb:[mode:]//hosts/database?options}: group 1 is the database (may be empty). */
    private static final Pattern MYSQL_URL = Pattern.compile("^jdbc:(?:mariadb|mysql):(?:[a-z]+:)?//[^/?]*/([^?]*)");

    /** The kinds of storage the server knows how to open (see {@code Stores}). */
    public enum Backend { SQLITE, POSTGRESQL, MYSQL, MONGODB }

    static Database fromEnv(EnvReader r) {
        String user = r.first("TASKLEDGER_DB_USER", "DB_USER", "DB_USERNAME", "API_PG_DB_USER", "API_PG_DB_USERNAME");
        String password = r.firstVerbatim("TASKLEDGER_DB_PASSWORD", "DB_PASSWORD", "API_PG_DB_PASSWORD");
        String schemaSetting = r.nameOfFirst("TASKLEDGER_DB_SCHEMA", "DB_SCHEMA", "API_PG_DB_SCHEMA");
        String givenSchema = r.first(schemaSetting);
        int pool = r.integer("TASKLEDGER_DB_POOL_SIZE", 10, 1, 1_000);
        Duration connectTimeout = Duration.ofMillis(r.integer("TASKLEDGER_DB_CONNECT_TIMEOUT_MS",
                (int) DEFAULT_CONNECT_TIMEOUT.toMillis(), 250, 600_000));
        String url = r.first("TASKLEDGER_DB_URL");
        String pgHost = r.first("DB_HOST", "API_PG_DB_HOST");
        String mongoUri = r.first("MONGODB_URI");
        if (url == null && pgHost != null) {
            url = postgresUrl(r, pgHost);
        } else if (url == null && mongoUri != null) {
            url = mongoUri;
        } else if (url == null) {
            url = DEFAULT_SQLITE_PATH;
        }
        Backend backend = backendOf(url);
        if (backend == null) {
            r.problem("TASKLEDGER_DB_URL=" + withoutSecrets(url) + " is not supported: use jdbc:postgresql://host:port/db,"
                    + " jdbc:sqlite:<path>, mongodb://..., or a file path for SQLite");
            backend = Backend.SQLITE;
        } else if (backend == Backend.SQLITE && !url.startsWith("jdbc:")) {
            url = "jdbc:sqlite:" + url;
        }
        String schema = givenSchema == null ? DEFAULT_SCHEMA : givenSchema;
        String urlDatabase = backend == Backend.MYSQL ? mysqlDatabaseOf(url) : null;
        if (urlDatabase != null && givenSchema != null && !urlDatabase.equals(givenSchema)) {
            r.problem("TASKLEDGER_DB_URL names the database '" + urlDatabase + "' but " + schemaSetting + "=" + givenSchema
                    + " names another: on MySQL/MariaDB both name the database, so set only one of them (or both the same)");
        } else if (urlDatabase != null) {
            schema = urlDatabase;
        }
        if (!schema.matches("[A-Za-z_][A-Za-z0-9_]{0,62}")) {
            r.problem("database schema '" + schema + "' is not valid: use letters, digits and _ (at most 63, not starting with a digit)");
        }
        return new Database(backend, url, user, password, schema, pool, connectTimeout);
    }

    /** The database a MySQL/MariaDB URL names ({@code jdbc:mariadb://host/jobs}), or null when it names none. */
    static String mysqlDatabaseOf(String url) {
        Matcher m = MYSQL_URL.matcher(url);
        return m.find() && !m.group(1).isEmpty() ? URLDecoder.decode(m.group(1), StandardCharsets.UTF_8) : null;
    }

    private static String postgresUrl(EnvReader r, String host) {
        int port = r.integer(r.nameOfFirst("DB_PORT", "API_PG_DB_PORT"), 5432, 1, 65_535);
        String name = r.first("DB_NAME", "DB_DATABASE", "API_PG_DB_NAME", "API_PG_DB_DATABASE");
        String hostPart = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return "jdbc:postgresql://" + hostPart + ":" + port + "/" + (name == null ? "postgres" : name);
    }

    /** The backend a URL or path names; null for a URL scheme no store handles. */
    static Backend backendOf(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:postgresql:")) {
            return Backend.POSTGRESQL;
        }
        if (lower.startsWith("jdbc:sqlite:")) {
            return Backend.SQLITE;
        }
        if (lower.startsWith("jdbc:mysql:") || lower.startsWith("jdbc:mariadb:")) {
            return Backend.MYSQL;
        }
        if (lower.startsWith("mongodb://") || lower.startsWith("mongodb+srv://")) {
            return Backend.MONGODB;
        }
        if (lower.startsWith("jdbc:") || lower.matches("^[a-z][a-z0-9+.-]*://.*")) {
            return null;
        }
        return Backend.SQLITE; // a bare path
    }

    /** The database a {@code mongodb://host/db?options} URI names, or null when it names none. */
    static String mongoDatabaseOf(String uri) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^mongodb(?:\\+srv)?://[^/?]*/([^?]+)").matcher(uri);
        return m.find() ? m.group(1) : null;
    }

    /** The URL with any password (user:password@ or password=...) masked, for logs and messages. */
    public static String withoutSecrets(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***").replaceAll("(//[^/@:]+:)[^/@]*@", "$1***@");
    }

    @Override
    public String toString() {
        return "Database[" + backend.name().toLowerCase(Locale.ROOT) + " " + withoutSecrets(url)
                + (user == null ? "" : ", user=" + user) + ", schema=" + schema + ", maxPoolSize=" + maxPoolSize
                + ", connectTimeout=" + connectTimeout.toMillis() + "ms]";
    }
}
