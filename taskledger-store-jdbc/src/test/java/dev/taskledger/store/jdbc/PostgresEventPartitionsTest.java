package dev.taskledger.store.jdbc;

import dev.taskledger.jobs.Archive;
import dev.taskledger.jobs.EventPartitioning;
import dev.taskledger.jobs.RetentionService;
import dev.taskledger.queue.TaskEvent;
import dev.taskledger.queue.spi.EventPartitions.Partition;
import dev.taskledger.store.StoreBackend;
import dev.taskledger.testkit.ExternalDatabases;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL's partitioned {@code task_events} (V15, {@link EventPartitioning}): the migration of a V14 database keeps
 * every event and query, partitions are created ahead and dropped by retention, inserts at boundaries and outside
 * every partition land where they belong. Times are driven (a fixed clock at 2030), nothing sleeps.
 */
class PostgresEventPartitionsTest {
    private static final Instant NOW = Instant.parse("2030-01-10T12:00:00Z");
    private static final Duration RETENTION = Duration.ofDays(2); // cutoff 2030-01-08T12:00Z

    private JdbcSettings settings;
    private StoreBackend store;

    @AfterEach
    void drop() throws SQLException {
        if (store != null) {
            store.close();
        }
        if (settings != null) {
            try (Connection c = DriverManager.getConnection(settings.url()); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + settings.schema() + " CASCADE");
            }
        }
    }

    private void newSchema() {
        settings = new JdbcSettings(ExternalDatabases.postgresUrl(), null, null,
                "tl_part_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12), 4);
    }

    private void migrate() {
        store = JdbcStores.open(settings);
        store.migrate();
    }

    @Test
    void migratingAV14Database_keepsEveryEvent_andEveryQueryWorks() throws SQLException {
        newSchema();
        Flyway.configure().dataSource(settings.url(), null, null).locations("classpath:db/migration/postgresql")
                .table(MigrationHistory.TABLE).schemas(settings.schema()).defaultSchema(settings.schema())
                .createSchemas(true).target("14").load().migrate();
        Instant now = Instant.now();
        Map<UUID, List<UUID>> eventsByTask = new HashMap<>();
        List<UUID> tasks = new ArrayList<>();
        try (Connection c = connect()) {
            for (int t = 0; t < 20; t++) {
                UUID task = insertTask(c);
                tasks.add(task);
                for (int e = 0; e < 5; e++) { // from 40 days ago to a day ahead (a clock running fast)
                    UUID id = insertEvent(c, task, now.minus(Duration.ofHours(t * 48L + e)).plus(Duration.ofDays(1)));
                    eventsByTask.computeIfAbsent(task, k -> new ArrayList<>()).add(id);
                }
            }
        }
        migrate();

        assertThat(countEvents()).isEqualTo(100);
        assertThat(partitionNames()).containsExactly("task_events_history");
        for (UUID task : tasks) {
            List<TaskEvent> latest = store.inTransaction(tx -> tx.events().latest(task, 100));
            assertThat(latest).extracting(TaskEvent::id).containsExactlyElementsOf(eventsByTask.get(task)); // newest first
            TaskEvent second = latest.get(1);
            List<TaskEvent> older = store.inTransaction(tx -> tx.events().olderThan(task, second.createdAt(), second.id(), 10));
            assertThat(older).extracting(TaskEvent::id).containsExactlyElementsOf(eventsByTask.get(task).subList(2, 5));
        }
        List<TaskEvent> old = store.inTransaction(tx -> tx.events().findOlderThan(now.minus(Duration.ofDays(30)), 1000));
        assertThat(old).hasSize(countWhere("created_at < now() - interval '30 days'"));
        UUID first = eventsByTask.get(tasks.get(0)).get(0);
        Set<UUID> deleted = store.inTransaction(tx -> tx.events().deleteAll(List.of(first, UUID.randomUUID())));
        assertThat(deleted).containsExactly(first);

        try (Connection c = connect(); Statement s = c.createStatement()) { // the cascade: a deleted task's events go
            s.executeUpdate("DELETE FROM tasks WHERE id = '" + tasks.get(1) + "'");
        }
        assertThat(countEvents()).isEqualTo(100 - 1 - 5);

        // a new event lands in the history partition (today is in it) or in the day the server created
        EventPartitioning partitioning = new EventPartitioning(store);
        assertThat(partitioning.createAhead(now, Duration.ofDays(3))).hasSizeBetween(2, 3); // days after the history's
        assertThat(partitionNames().getFirst()).isEqualTo("task_events_history");
        UUID fresh;
        try (Connection c = connect()) {
            fresh = insertEvent(c, tasks.get(2), now.plus(Duration.ofDays(2)));
        }
        assertThat(partitionOf(fresh)).startsWith("task_events_p");
        assertThat(countEvents()).isEqualTo(95);
    }

    @Test
    void insertsAtBoundaries_andOutsideEveryPartition_landWhereTheyBelong_andACreatedDayTakesItsRowsFromTheDefault()
            throws SQLException {
        newSchema();
        migrate();
        EventPartitioning partitioning = new EventPartitioning(store);
        assertThat(partitioning.createAhead(NOW, Duration.ofDays(1))) // today and the day reached
                .containsExactly("task_events_p20300110", "task_events_p20300111");
        assertThat(partitioning.createAhead(NOW, Duration.ofDays(1))).as("nothing twice").isEmpty();
        UUID atMidnight;
        UUID justBefore;
        UUID beyond;
        UUID past;
        try (Connection c = connect()) {
            UUID task = insertTask(c);
            atMidnight = insertEvent(c, task, Instant.parse("2030-01-11T00:00:00Z"));
            justBefore = insertEvent(c, task, Instant.parse("2030-01-10T23:59:59.999Z"));
            beyond = insertEvent(c, task, Instant.parse("2030-01-13T05:00:00Z"));
            past = insertEvent(c, task, Instant.parse("2029-06-01T00:00:00Z"));
        }
        assertThat(partitionOf(atMidnight)).isEqualTo("task_events_p20300111");
        assertThat(partitionOf(justBefore)).isEqualTo("task_events_p20300110");
        assertThat(partitionOf(beyond)).isEqualTo("task_events_default");
        assertThat(partitionOf(past)).isEqualTo("task_events_default");

        assertThat(partitioning.createAhead(NOW, Duration.ofDays(3)))
                .containsExactly("task_events_p20300112", "task_events_p20300113");
        assertThat(partitionOf(beyond)).as("moved out of the default partition").isEqualTo("task_events_p20300113");
        assertThat(partitionOf(past)).isEqualTo("task_events_default");
        assertThat(countEvents()).isEqualTo(4);
    }

    @Test
    void retention_dropsThePartitionsOlderThanTheCutoff_keepsNewerOnes_andDeletesOtherOldRowsOneByOne()
            throws SQLException {
        newSchema();
        migrate();
        EventPartitioning partitioning = new EventPartitioning(store);
        partitioning.createAhead(NOW.minus(Duration.ofDays(5)), Duration.ofDays(7)); // 2030-01-05 .. 2030-01-12
        Map<String, UUID> events = eventsOfOneTaskAt("2030-01-05T01:00:00Z", "2030-01-06T00:00:00Z", "2030-01-07T23:59:59Z",
                "2030-01-08T00:00:00Z", "2030-01-08T11:00:00Z", "2030-01-08T13:00:00Z", "2030-01-10T12:00:00Z",
                "2029-01-01T00:00:00Z", "2031-01-01T00:00:00Z");
        RetentionService retention = new RetentionService(store, Clock.fixed(NOW, ZoneOffset.UTC), null, RETENTION,
                null, 500);

        RetentionService.Outcome outcome = retention.runOnce();

        // the days that ended by the cutoff (2030-01-08T12:00Z) are gone whole, and so is the migration's history
        // partition (it ends at the start of the day after the migration ran); 2029's row (default) went row by row;
        // the day holding the cutoff keeps all its rows until it is due
        assertThat(partitionNames()).containsExactly("task_events_p20300108",
                "task_events_p20300109", "task_events_p20300110", "task_events_p20300111", "task_events_p20300112");
        assertThat(outcome.events()).isEqualTo(4);
        assertThat(remainingEventTimes(events)).containsExactlyInAnyOrder("2030-01-08T00:00:00Z",
                "2030-01-08T11:00:00Z", "2030-01-08T13:00:00Z", "2030-01-10T12:00:00Z", "2031-01-01T00:00:00Z");

        // a day later the partition of 2030-01-08 is due as a whole
        RetentionService dayLater = new RetentionService(store,
                Clock.fixed(NOW.plus(Duration.ofDays(1)), ZoneOffset.UTC), null, RETENTION, null, 500);
        assertThat(dayLater.runOnce().events()).isEqualTo(3);
        assertThat(partitionNames()).doesNotContain("task_events_p20300108").contains("task_events_p20300109");
        assertThat(remainingEventTimes(events)).containsExactlyInAnyOrder("2030-01-10T12:00:00Z", "2031-01-01T00:00:00Z");
    }

    @Test
    void retentionUnderADay_deletesRowsOfTheDayHoldingTheCutoff() throws SQLException {
        newSchema();
        migrate();
        new EventPartitioning(store).createAhead(NOW.minus(Duration.ofDays(1)), Duration.ofDays(2));
        Map<String, UUID> events = eventsOfOneTaskAt("2030-01-09T10:00:00Z", "2030-01-10T05:00:00Z", "2030-01-10T07:00:00Z");
        RetentionService retention = new RetentionService(store, Clock.fixed(NOW, ZoneOffset.UTC), null,
                Duration.ofHours(6), null, 500); // cutoff 06:00

        assertThat(retention.runOnce().events()).isEqualTo(2);
        assertThat(partitionNames()).doesNotContain("task_events_p20300109").contains("task_events_p20300110");
        assertThat(remainingEventTimes(events)).containsExactly("2030-01-10T07:00:00Z");
    }

    @Test
    void withAnArchive_rowsAreArchivedAsBefore_andThePartitionsTheyLeaveEmptyAreDropped(@TempDir Path dir)
            throws Exception {
        newSchema();
        migrate();
        new EventPartitioning(store).createAhead(NOW.minus(Duration.ofDays(4)), Duration.ofDays(6));
        Map<String, UUID> events = eventsOfOneTaskAt("2030-01-06T01:00:00Z", "2030-01-07T01:00:00Z", "2030-01-08T11:00:00Z",
                "2030-01-09T00:00:00Z");
        RetentionService retention = new RetentionService(store, Clock.fixed(NOW, ZoneOffset.UTC), null, RETENTION,
                new Archive(dir), 500);

        assertThat(retention.runOnce().events()).isEqualTo(3);

        assertThat(remainingEventTimes(events)).containsExactly("2030-01-09T00:00:00Z");
        assertThat(partitionNames()).doesNotContain("task_events_p20300106", "task_events_p20300107")
                .contains("task_events_p20300108"); // holds the cutoff: stays, emptied of its rows before it
        try (var files = Files.list(dir)) {
            assertThat(files.filter(f -> f.getFileName().toString().startsWith("events")).count()).isEqualTo(1);
        }
    }

    @Test
    void eventPartitionsList_readsTheBoundsBackFromTheCatalog() {
        newSchema();
        migrate();
        new EventPartitioning(store).createAhead(NOW, Duration.ofHours(1));
        List<Partition> partitions = store.inTransaction(tx -> tx.eventPartitions().orElseThrow().list());
        assertThat(partitions.getFirst().name()).isEqualTo("task_events_history");
        assertThat(partitions.getFirst().from()).isNull();
        assertThat(partitions.getLast()).isEqualTo(new Partition("task_events_p20300110",
                Instant.parse("2030-01-10T00:00:00Z"), Instant.parse("2030-01-11T00:00:00Z")));
    }

    /** One task with an event at each of the times; the events' ids by time. */
    private Map<String, UUID> eventsOfOneTaskAt(String... times) throws SQLException {
        Map<String, UUID> events = new HashMap<>();
        try (Connection c = connect()) {
            UUID task = insertTask(c);
            for (String at : times) {
                events.put(at, insertEvent(c, task, Instant.parse(at)));
            }
        }
        return events;
    }

    private Set<String> remainingEventTimes(Map<String, UUID> events) throws SQLException {
        Set<String> ids;
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id FROM task_events")) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            ids = Set.copyOf(out);
        }
        return events.entrySet().stream().filter(e -> ids.contains(e.getValue().toString())).map(Map.Entry::getKey)
                .collect(Collectors.toSet());
    }

    private Connection connect() throws SQLException {
        Connection c = DriverManager.getConnection(settings.url());
        try (Statement s = c.createStatement()) {
            s.execute("SET search_path TO " + settings.schema());
        }
        return c;
    }

    private static UUID insertTask(Connection c) throws SQLException {
        UUID id = UUID.randomUUID();
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO tasks (id, tenant, type, status, state) VALUES (?, 'default', 'report', 'COMPLETED', 'done')")) {
            ps.setObject(1, id);
            ps.executeUpdate();
        }
        return id;
    }

    private static UUID insertEvent(Connection c, UUID task, Instant at) throws SQLException {
        UUID id = UUID.randomUUID();
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO task_events (id, task_id, status, actor, created_at) VALUES (?, ?, 'COMPLETED', 'test', ?)")) {
            ps.setObject(1, id);
            ps.setObject(2, task);
            ps.setTimestamp(3, Timestamp.from(at));
            ps.executeUpdate();
        }
        return id;
    }

    private long countEvents() throws SQLException {
        return countWhere("true");
    }

    private int countWhere(String condition) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM task_events WHERE " + condition)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private String partitionOf(UUID event) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT CAST(tableoid::regclass AS text) FROM task_events WHERE id = '" + event + "'")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private List<String> partitionNames() {
        return store.inTransaction(tx -> tx.eventPartitions().orElseThrow().list()).stream().map(Partition::name).toList();
    }
}
