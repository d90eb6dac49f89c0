package dev.taskledger.store.jdbc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

class SqliteSchemaMigrationsTest extends SchemaMigrationsContract {
    private Path dir;

    @Override
    protected JdbcSettings freshSettings() {
        try {
            dir = Files.createTempDirectory("taskledger-migrations-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new JdbcSettings("jdbc:sqlite:" + dir.resolve("taskledger.db"), null, null, null, 4);
    }

    @Override
    protected void drop(JdbcSettings settings) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected String dialect() {
        return "sqlite";
    }

    @Override
    protected String lastVersionBeforeLedgerCounts() {
        return "13";
    }

    @Override
    protected String lastVersionBeforeTheView() {
        return "5";
    }

    @Override
    protected String qualified(String name) {
        return name;
    }
}
