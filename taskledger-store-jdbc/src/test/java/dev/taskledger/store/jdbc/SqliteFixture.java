package dev.taskledger.store.jdbc;

import dev.taskledger.store.Store;
import dev.taskledger.store.StoreBackend;
import dev.taskledger.store.StoreCapabilities;
import dev.taskledger.testkit.StoreFixture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/** A fresh SQLite database file in its own temp directory per store; the directory goes with the store. */
final class SqliteFixture implements StoreFixture {
    private final Map<Store, Path> directories = new ConcurrentHashMap<>();
    private final Map<Store, JdbcSettings> settings = new ConcurrentHashMap<>();

    @Override
    public StoreBackend newStore() {
        try {
            Path dir = Files.createTempDirectory("taskledger-sqlite-");
            JdbcSettings s = new JdbcSettings("jdbc:sqlite:" + dir.resolve("taskledger.db"), null, null, null, 4);
            StoreBackend store = JdbcStores.open(s);
            directories.put(store, dir);
            settings.put(store, s);
            store.migrate();
            return store;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One writer at a time, no other node to wake; exact ledger keys. */
    @Override
    public StoreCapabilities capabilities() {
        return new StoreCapabilities("sqlite", false, false, true, true);
    }

    /** The JDBC URL of the store's file; SQLite has no schema. */
    @Override
    public String description(Store store) {
        return settings.get(store).url();
    }

    @Override
    public Optional<StoreBackend> anotherNode(Store store) {
        return Optional.ofNullable(settings.get(store)).map(JdbcStores::open);
    }

    @Override
    public void dispose(Store store) {
        store.close();
        settings.remove(store);
        Path dir = directories.remove(store);
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
