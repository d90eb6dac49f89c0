package dev.taskledger.bench;

import dev.taskledger.client.NewTask;
import dev.taskledger.client.TaskledgerClient;
import dev.taskledger.client.Worker;
import dev.taskledger.protocol.CreateTaskRequest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Create + drain at a fixed rate for a long time (PostgreSQL), with the server's retention on, sampling how the
 * tables grow: every {@code --soak-sample-seconds} the size of {@code tasks}, {@code task_events} and
 * {@code task_results} (whole relation, heap, each index) and their live and dead tuples and autovacuum runs.
 * Tasks are created in one bulk request every 100 ms ({@code rate / 10} each), drained by one worker with the
 * profile's settings running all the time.
 */
final class Soak {
    static final List<String> TABLES = List.of("tasks", "task_events", "task_results");
    /**
     * Retention as the soak runs it unless {@code --server-env} says otherwise: finished tasks and events kept
     * 10 minutes, retention every minute, so a 30-minute soak shows whether the tables stop growing.
     */
    static final Map<String, String> RETENTION_ENV = Map.of("TASKLEDGER_RETENTION", "PT10M",
            "TASKLEDGER_EVENT_RETENTION", "PT10M", "TASKLEDGER_RETENTION_INTERVAL_SECONDS", "60");
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /** One sample: the time since the start, tasks created and completed so far, and named values (bytes, tuples). */
    record Sample(double seconds, long created, long completed, Map<String, Long> values) {}

    /** The samples, the CSV they were written to, and the CPU the processes used over the whole soak. */
    record Result(int rate, int minutes, List<Sample> samples, Path csv, CpuMeter.Sample cpu) {}

    private Soak() {}

    static Result run(BenchConfig config, Profile profile, TaskledgerClient client, TrialDatabase database, CpuMeter meter,
                      Path csv) throws Exception {
        BenchConfig.Scale scale = config.scale();
        AtomicLong created = new AtomicLong();
        Worker worker = Workloads.workerSettings(Worker.builder(client).types(Workloads.QUEUE_TYPE), config, profile)
                .pollWait(Workloads.POLL_WAIT).workerId("bench-soak").handler(task -> Map.of("ok", true)).build().start();
        List<Sample> samples = new ArrayList<>();
        CpuMeter.Sample cpuBefore = meter.sample();
        long t0 = System.nanoTime();
        long end = t0 + TimeUnit.MINUTES.toNanos(scale.soakMinutes());
        Thread creator = Thread.ofVirtual().name("bench-soak-creator").start(() -> create(client, scale.soakRate(), t0, end, created));
        try {
            long nextSample = t0;
            while (System.nanoTime() < end && creator.isAlive()) {
                if (System.nanoTime() >= nextSample) {
                    samples.add(sample(database, (System.nanoTime() - t0) / 1e9, created.get(), worker.stats().tasksCompleted()));
                    nextSample += TimeUnit.SECONDS.toNanos(scale.soakSampleSeconds());
                }
                Thread.sleep(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(nextSample - System.nanoTime()),
                        TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()))));
            }
            creator.join();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            while (worker.stats().tasksCompleted() < created.get() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            samples.add(sample(database, (System.nanoTime() - t0) / 1e9, created.get(), worker.stats().tasksCompleted()));
        } finally {
            creator.interrupt();
            worker.close();
        }
        CpuMeter.Sample cpu = meter.sample().minus(cpuBefore);
        writeCsv(csv, samples);
        Sample last = samples.getLast();
        BenchMain.log("soak: %,d created, %,d completed in %.0f s; %s; samples in %s", last.created(), last.completed(),
                last.seconds(), cpu, csv);
        return new Result(scale.soakRate(), scale.soakMinutes(), samples, csv, cpu);
    }

    /** Creates {@code rate} tasks a second until {@code end}: every 100 ms the tasks due by then, in one bulk request. */
    private static void create(TaskledgerClient client, int rate, long t0, long end, AtomicLong created) {
        long tick = 0;
        try {
            while (true) {
                long due = t0 + tick * TICK_NANOS;
                if (due >= end) {
                    return;
                }
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                long owed = (long) Math.floor((tick + 1) * rate / 10.0) - created.get();
                while (owed > 0) {
                    int n = (int) Math.min(1_000, owed);
                    List<CreateTaskRequest> batch = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        batch.add(NewTask.of(Workloads.QUEUE_TYPE).payloadJson("{\"i\":" + (created.get() + i) + "}").build());
                    }
                    client.createBatchIds(batch);
                    created.addAndGet(n);
                    owed -= n;
                }
                tick++;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sizes (bytes) and tuple counts of the soak's tables and their indexes in the trial's schema. */
    static Sample sample(TrialDatabase database, double seconds, long created, long completed) throws SQLException {
        Map<String, Long> values = new LinkedHashMap<>();
        try (Connection c = database.connect()) {
            // a partitioned table (PostgreSQL's task_events from V15) has neither size nor tuples: its partitions' summed
            try (PreparedStatement s = c.prepareStatement("""
                    SELECT t.name, SUM(pg_total_relation_size(s.relid)), SUM(pg_relation_size(s.relid)),
                           SUM(pg_indexes_size(s.relid)), SUM(s.n_live_tup), SUM(s.n_dead_tup), SUM(s.autovacuum_count),
                           SUM(s.n_tup_hot_upd), SUM(s.n_tup_upd)
                    FROM unnest(CAST(? AS text[])) AS t(name)
                    CROSS JOIN LATERAL (SELECT CAST(quote_ident(?) || '.' || t.name AS regclass) AS relid) r
                    JOIN pg_stat_user_tables s
                      ON s.relid = r.relid OR s.relid IN (SELECT relid FROM pg_partition_tree(r.relid) WHERE isleaf)
                    GROUP BY t.name ORDER BY t.name""")) {
                s.setArray(1, c.createArrayOf("text", TABLES.toArray()));
                s.setString(2, database.schema());
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        String t = rs.getString(1);
                        values.put(t + "_total_bytes", rs.getLong(2));
                        values.put(t + "_heap_bytes", rs.getLong(3));
                        values.put(t + "_index_bytes", rs.getLong(4));
                        values.put(t + "_live_tuples", rs.getLong(5));
                        values.put(t + "_dead_tuples", rs.getLong(6));
                        values.put(t + "_autovacuum_runs", rs.getLong(7));
                        values.put(t + "_hot_updates", rs.getLong(8));
                        values.put(t + "_updates", rs.getLong(9));
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement("""
                    SELECT indexrelname, pg_relation_size(indexrelid) FROM pg_stat_user_indexes
                    WHERE schemaname = ? AND relname = ANY(?) ORDER BY relname, indexrelname""")) {
                s.setString(1, database.schema());
                s.setArray(2, c.createArrayOf("text", TABLES.toArray()));
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        values.put("index_" + rs.getString(1) + "_bytes", rs.getLong(2));
                    }
                }
            }
        }
        Sample sample = new Sample(seconds, created, completed, values);
        BenchMain.log("soak %4.0f s: %,d created, %,d completed; tasks %.1f MiB (%,d dead), task_events %.1f MiB (%,d dead)",
                seconds, created, completed, values.getOrDefault("tasks_total_bytes", 0L) / 1048576.0,
                values.getOrDefault("tasks_dead_tuples", 0L), values.getOrDefault("task_events_total_bytes", 0L) / 1048576.0,
                values.getOrDefault("task_events_dead_tuples", 0L));
        return sample;
    }

    static void writeCsv(Path file, List<Sample> samples) throws IOException {
        List<String> columns = new ArrayList<>();
        for (Sample s : samples) {
            s.values().keySet().stream().filter(k -> !columns.contains(k)).forEach(columns::add);
        }
        StringBuilder out = new StringBuilder("seconds,created,completed");
        columns.forEach(k -> out.append(',').append(k));
        out.append('\n');
        for (Sample s : samples) {
            out.append(String.format(Locale.ROOT, "%.1f,%d,%d", s.seconds(), s.created(), s.completed()));
            columns.forEach(k -> out.append(',').append(s.values().containsKey(k) ? s.values().get(k).toString() : ""));
            out.append('\n');
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, out);
    }
}
