package dev.taskledger.store.jdbc;

import dev.taskledger.queue.Task;
import dev.taskledger.queue.spi.NewTaskRow;
import dev.taskledger.store.Store;
import dev.taskledger.store.StoreTx;
import dev.taskledger.testkit.SampleTasks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An idle SQLite store holds no lock on its file: another connection (the sqlite3 shell, a backup script, the
 * benchmark emptying tables) and a second store on the same file can write between its transactions.
 */
class SqliteSharedFileTest {
    private final List<Store> stores = new ArrayList<>();
    private Path dir;

    private Store open(Path file) {
        Store store = JdbcStores.open(new JdbcSettings("jdbc:sqlite:" + file, null, null, null, 4));
        stores.add(store);
        store.migrate();
        return store;
    }

    private static UUID insertOne(Store store) {
        Task t = SampleTasks.pending("mail").build();
        store.inTransaction((StoreTx tx) -> tx.insertTasks(NewTaskRow.withoutEvents(List.of(t)), null));
        return t.id();
    }

    @AfterEach
    void close() throws Exception {
        stores.forEach(Store::close);
        if (dir != null) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private Path newFile() throws Exception {
        dir = Files.createTempDirectory("taskledger-sqlite-shared-");
        return dir.resolve("taskledger.db");
    }

    @Test
    void anotherConnection_writesWhileTheStoreIsIdle() throws Exception {
        Path file = newFile();
        Store store = open(file);
        UUID id = insertOne(store);

        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = other.createStatement()) {
            s.execute("PRAGMA busy_timeout = 2000");
            assertThat(s.executeUpdate("DELETE FROM tasks")).isEqualTo(1);
        }

        assertThat(store.inTransaction((StoreTx tx) -> tx.tasks().get(SampleTasks.TENANT, id))).isEmpty();
        insertOne(store); // and the store writes again afterwards
    }

    @Test
    void twoStoresOnOneFile_takeTurnsWriting() throws Exception {
        Path file = newFile();
        Store first = open(file);
        Store second = open(file);

        UUID a = insertOne(first);
        UUID b = insertOne(second);
        UUID c = insertOne(first);

        for (Store store : List.of(first, second)) {
            for (UUID id : List.of(a, b, c)) {
                assertThat(store.inTransaction((StoreTx tx) -> tx.tasks().get(SampleTasks.TENANT, id))).isPresent();
            }
        }
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = other.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM tasks")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(3);
        }
    }
}
