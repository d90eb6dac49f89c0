package dev.taskledger.store.jdbc;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The SQL files fit their dialects' capabilities, and a file that does not is refused when it loads. */
class SqlFileTest {
    private static final List<Dialect> DIALECTS = List.of(new PostgresDialect(), new MysqlDialect(), new SqliteDialect());

    /** A file with one trivial statement for each name. */
    private static String file(List<String> names) {
        return names.stream().map(n -> "-- name: " + n + "\n-- why\nSELECT 1;\n").collect(Collectors.joining("\n"));
    }

    private static List<String> namesIn(Dialect d) {
        return Arrays.stream(EventSql.values()).filter(s -> s.statement().isIn().test(d))
                .map(s -> s.statement().name()).toList();
    }

    @Test
    void everyDialectsFilesFitItsCapabilities() {
        for (Dialect d : DIALECTS) {
            SqlFiles files = SqlFiles.load(d);
            assertThat(files.tasks().get(TaskSql.GET).jdbcSql()).as(d.name()).startsWith("SELECT");
        }
    }

    @Test
    void theCapabilitiesChooseTheStatements() {
        Dialect postgres = new PostgresDialect();
        Dialect mysql = new MysqlDialect();
        assertThat(namesIn(postgres)).containsExactly("appendAll", "copyEvents", "latest", "olderThan", "deleteOlderThan", "findOlderThan", "deleteAll",
                "partitions", "defaultHolds", "createDdl", "createDetachedDdl", "moveFromDefaultDdl", "attachDdl",
                "count", "holdsAny", "lockTimeout", "lockAll", "dropDdl"); // task_events partitioned by time
        assertThat(namesIn(mysql)).containsExactly("append", "latest", "olderThan", "deleteOlderThan", "findOlderThan", "lockExisting",
                "deleteLocked");
        assertThat(namesIn(new SqliteDialect())).containsExactly("append", "latest", "olderThan", "deleteOlderThan",
                "findOlderThan",
                "deleteAll");
    }

    @Test
    void aFileFittingItsDialect_loads_withoutTheComments() {
        SqlFile<EventSql> f = SqlFile.parse(new PostgresDialect(), "test", file(namesIn(new PostgresDialect())), EventSql.class);

        assertThat(f.get(EventSql.LATEST).jdbcSql()).isEqualTo("SELECT 1");
    }

    @Test
    void aStatementTheDialectsCapabilityNeeds_isRequiredAtLoad() {
        Dialect postgres = new PostgresDialect();
        List<String> withoutAppendAll = namesIn(postgres).stream().filter(n -> !n.equals("appendAll")).toList();

        assertThatThrownBy(() -> SqlFile.parse(postgres, "test", file(withoutAppendAll), EventSql.class))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("missing [appendAll]");
    }

    @Test
    void aStatementTheDialectNeverRuns_orAMisspeltOne_isRefusedAtLoad() {
        Dialect postgres = new PostgresDialect();
        List<String> names = new java.util.ArrayList<>(namesIn(postgres));
        names.add("append"); // the fallback of dialects without column arrays
        names.add("lates"); // a typo

        assertThatThrownBy(() -> SqlFile.parse(postgres, "test", file(names), EventSql.class))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("[append, lates]");
    }

    @Test
    void aStatementTwice_isRefusedAtLoad() {
        Dialect sqlite = new SqliteDialect();
        List<String> names = new java.util.ArrayList<>(namesIn(sqlite));
        names.add("latest");

        assertThatThrownBy(() -> SqlFile.parse(sqlite, "test", file(names), EventSql.class))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("latest twice");
    }
}
