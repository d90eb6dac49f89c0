package dev.taskledger.store.jdbc;

import dev.taskledger.store.Store;
import dev.taskledger.store.StoreBackend;

/** Opens the JDBC store that fits a URL. */
public final class JdbcStores {
    private JdbcStores() {}

    /** Opens (but does not migrate) a backend; call {@link Store#migrate()} before use. */
    public static StoreBackend open(JdbcSettings settings) {
        Dialect dialect = dialectFor(settings.url());
        dialect.prepareStorage(settings);
        return new JdbcStore(settings, dialect);
    }

    static Dialect dialectFor(String url) {
        if (url.startsWith("jdbc:postgresql:")) {
            return new PostgresDialect();
        }
        if (url.startsWith("jdbc:sqlite:")) {
            return new SqliteDialect();
        }
        if (url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:")) {
            return new MysqlDialect();
        }
        throw new IllegalArgumentException("unsupported JDBC URL (expected jdbc:postgresql:, jdbc:sqlite:, jdbc:mariadb: or jdbc:mysql:): "
                + url.replaceAll("password=[^&;]*", "password=***"));
    }
}
