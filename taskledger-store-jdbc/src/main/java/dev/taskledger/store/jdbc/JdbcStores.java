package dev.taskledger.store.jdbc;

import dev.taskledger.store.Store;
import dev.taskledger.store.StoreBackend;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens the JDBC store that fits a URL. */
public final class JdbcStores {
    private JdbcStores() {}

    /** Opens (but does not migrate) a backend; call {@link Store#migrate()} before use. */
    public static StoreBackend open(JdbcSettings settings) {
        Dialect dialect = dialectFor(settings.url());
        if (dialect instanceof SqliteDialect) {
            createParentDirectory(settings.url().substring("jdbc:sqlite:".length()));
        }
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

    private static void createParentDirectory(String path) {
        if (path.isEmpty() || path.startsWith(":memory:") || path.startsWith("file:")) {
            return;
        }
        Path parent = Path.of(path.split("\\?")[0]).toAbsolutePath().getParent();
        try {
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot create the directory for the SQLite file " + path + ": " + e.getMessage(), e);
        }
    }
}
