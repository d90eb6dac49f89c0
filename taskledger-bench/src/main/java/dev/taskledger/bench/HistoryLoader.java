package dev.taskledger.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Fills a trial's PostgreSQL schema by SQL ({@code INSERT … SELECT generate_series}, in chunks), not through the
 * API: a history of finished tasks for the scale workload, ledger entries for the ledger scale workload. The rows
 * look like the server's: time-ordered UUIDv7-style ids, the statuses, states, actors and event details it writes,
 * timestamps spread over the days before now (inside the default 30-day event retention).
 */
final class HistoryLoader {
    static final String HISTORY_TYPE = "bench-history";
    static final String LEDGER_TASK = "bench-ledger";
    private static final int CHUNK = 250_000;
    /** Time between two history tasks' creation: 5,000,000 tasks span ~5.8 days. */
    private static final String SPACING = "interval '100 milliseconds'";

    private HistoryLoader() {}

    /** A task's creation time (g = its number) and its id, a UUIDv7 from that time (the same expression in every insert). */
    private static final String CREATED = "(CAST(? AS timestamptz) + g * " + SPACING + ")";
    private static final String TASK_ID = "CAST(lpad(to_hex(CAST(floor(extract(epoch FROM " + CREATED + ") * 1000) AS bigint)), 12, '0')"
            + " || '7' || substr(md5('t' || g), 1, 3) || '8' || substr(md5('t' || g), 4, 15) AS uuid)";

    /**
     * {@code tasks} finished tasks of type {@value #HISTORY_TYPE}: every 50th failed (no result), the rest completed
     * with a result; each with its created, claimed and finished events; then {@code VACUUM (ANALYZE)} so the tables
     * look like long-lived ones (statistics gathered, visibility map set).
     */
    static void loadTasks(TrialDatabase database, int tasks) throws SQLException {
        long t0 = System.nanoTime();
        try (Connection c = database.connect()) {
            String start = "now() - " + tasks + " * " + SPACING + " - interval '1 minute'";
            String origin;
            try (Statement s = c.createStatement(); var rs = s.executeQuery("SELECT CAST(" + start + " AS text)")) {
                rs.next();
                origin = rs.getString(1);
            }
            for (int from = 1; from <= tasks; from += CHUNK) {
                int to = Math.min(tasks, from + CHUNK - 1);
                insert(c, origin, from, to, """
                        INSERT INTO tasks (id, tenant, type, status, state, progress, priority, payload, metadata, tags, error,
                                           retry_count, max_attempts, lease_seconds, run_at, lease_owner, lease_token, created_at,
                                           updated_at, started_at, finished_at, version)
                        SELECT %s, 'default', '%s', CASE WHEN g %% 50 = 0 THEN 'FAILED' ELSE 'COMPLETED' END,
                               CASE WHEN g %% 50 = 0 THEN 'Failed' ELSE 'Completed' END, CASE WHEN g %% 50 = 0 THEN 0 ELSE 100 END,
                               1, jsonb_build_object('i', g), '{}', '{}', CASE WHEN g %% 50 = 0 THEN 'bench: handler failed' END,
                               1, 3, 300, %s, 'bench-history', md5('l' || g), %s, %s + interval '20 ms', %s + interval '5 ms',
                               %s + interval '20 ms', 2
                        FROM generate_series(?, ?) AS g""".formatted(TASK_ID, HISTORY_TYPE, CREATED, CREATED, CREATED, CREATED, CREATED));
                insert(c, origin, from, to, """
                        INSERT INTO task_events (id, task_id, status, state, detail, actor, created_at)
                        SELECT CAST(lpad(to_hex(CAST(floor(extract(epoch FROM %s + e.offset_ms * interval '1 ms') * 1000) AS bigint)), 12, '0')
                                    || '7' || substr(md5('e' || e.k || '-' || g), 1, 3) || '8' || substr(md5('e' || e.k || '-' || g), 4, 15) AS uuid),
                               %s, CASE WHEN e.k = 2 AND g %% 50 = 0 THEN 'FAILED' ELSE e.status END,
                               CASE WHEN e.k = 2 AND g %% 50 = 0 THEN 'Failed' ELSE e.state END,
                               CASE WHEN e.k = 2 AND g %% 50 = 0 THEN CAST('{"error":"bench: handler failed","retryable":false}' AS jsonb)
                                    ELSE CAST(e.detail AS jsonb) END,
                               e.actor, %s + e.offset_ms * interval '1 ms'
                        FROM generate_series(?, ?) AS g
                        CROSS JOIN (VALUES (0, 0, 'PENDING', 'Queued', '{"type":"%s","priority":1}', 'API'),
                                           (1, 5, 'IN_PROGRESS', 'Processing', '{"attempt":1}', 'WORKER:bench-history'),
                                           (2, 20, 'COMPLETED', 'Completed', '{"attempt":1}', 'WORKER:bench-history'))
                             AS e(k, offset_ms, status, state, detail, actor)""".formatted(CREATED, TASK_ID, CREATED, HISTORY_TYPE));
                insert(c, origin, from, to, """
                        INSERT INTO task_results (task_id, payload, created_at)
                        SELECT %s, '{"ok":true}', %s + interval '20 ms'
                        FROM generate_series(?, ?) AS g WHERE g %% 50 <> 0""".formatted(TASK_ID, CREATED));
                BenchMain.log("history: %,d of %,d tasks loaded (%.0f s)", to, tasks, Workloads.seconds(t0));
            }
            vacuumAnalyze(c, "tasks", "task_events", "task_results");
        }
        BenchMain.log("history: %,d tasks, %,d events, %,d results loaded and analysed in %.0f s", tasks, 3L * tasks,
                tasks - tasks / 50, Workloads.seconds(t0));
    }

    /**
     * {@code entries} ledger entries under {@value #LEDGER_TASK}: items {@code item-0 …}, every tenth failed. The
     * summary's counts ({@code ledger_counts}, V17) follow by inv_tasks' triggers, one row per statement and status.
     */
    static void loadLedger(TrialDatabase database, int entries) throws SQLException {
        long t0 = System.nanoTime();
        try (Connection c = database.connect()) {
            for (int from = 0; from < entries; from += 4 * CHUNK) {
                int to = Math.min(entries, from + 4 * CHUNK) - 1;
                try (PreparedStatement s = c.prepareStatement("""
                        INSERT INTO inv_tasks (tenant, created, updated, task_name, task_item, retries, current_status)
                        SELECT 'default', now() - interval '1 day' + g * interval '1 ms', now() - interval '1 day' + g * interval '1 ms',
                               ?, ? || g, 0, CAST(CASE WHEN g % 10 = 0 THEN 'fail' ELSE 'ok' END AS inv_task_status)
                        FROM generate_series(?, ?) AS g""")) {
                    s.setString(1, LEDGER_TASK);
                    s.setString(2, Workloads.ITEM_PREFIX);
                    s.setInt(3, from);
                    s.setInt(4, to);
                    s.executeUpdate();
                }
                BenchMain.log("ledger: %,d of %,d entries loaded (%.0f s)", to + 1, entries, Workloads.seconds(t0));
            }
            vacuumAnalyze(c, "inv_tasks");
        }
        BenchMain.log("ledger: %,d entries loaded and analysed in %.0f s", entries, Workloads.seconds(t0));
    }

    private static void insert(Connection c, String origin, int from, int to, String sql) throws SQLException {
        int origins = sql.split("CAST\\(\\? AS timestamptz\\)", -1).length - 1;
        try (PreparedStatement s = c.prepareStatement(sql)) {
            int i = 1;
            for (; i <= origins; i++) {
                s.setString(i, origin);
            }
            s.setInt(i++, from);
            s.setInt(i, to);
            s.executeUpdate();
        }
    }

    private static void vacuumAnalyze(Connection c, String... tables) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String t : tables) {
                s.execute("VACUUM (ANALYZE) " + t);
            }
        }
    }
}
