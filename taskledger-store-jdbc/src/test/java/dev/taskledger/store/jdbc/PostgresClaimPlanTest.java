package dev.taskledger.store.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskledger.queue.TaskClaim;
import dev.taskledger.store.Store;
import dev.taskledger.testkit.ExternalDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A claim's plan on PostgreSQL cannot be tricked by statistics. With a long history the statistics say status is
 * ~100% COMPLETED, so {@code status = 'PENDING'} looks like a handful of rows: an index that finds rows by status
 * in another order (the former {@code idx_tasks_status_updated_at}) then looks as cheap as the ready index, and a
 * plan through it reads and sorts every pending row. Here the statistics are as stale as they get (gathered over
 * the history alone, autovacuum off, then a backlog of two types arrives) and a claim of one type, as the store
 * ships it, must walk the pending-only index of its type in claim order and stop at its limit, both as planned for
 * its values and as the generic plan a server-side prepared statement switches to.
 */
class PostgresClaimPlanTest {
    private static final int HISTORY = 100_000;
    /** Pending tasks of another type, ahead of the claimed type's in claim order. */
    private static final int OTHER_BACKLOG = 5_000;
    private static final int BACKLOG = 1_000;
    private static final int LIMIT = 10;
    /** The indexes holding pending rows only, in claim order (V1, V4). */
    private static final List<String> CLAIM_ORDER_INDEXES = List.of("idx_tasks_ready", "idx_tasks_ready_any");

    private static JdbcSettings settings;

    @BeforeAll
    static void historyThenBacklog() throws SQLException {
        settings = new JdbcSettings(ExternalDatabases.postgresUrl(), null, null,
                "tl_plan_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12), 2);
        try (Store store = JdbcStores.open(settings)) {
            store.migrate();
        }
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE tasks SET (autovacuum_enabled = false)"); // the statistics stay as gathered below
            s.execute("""
                    INSERT INTO tasks (id, tenant, type, status, state, run_at, created_at, updated_at, started_at, finished_at)
                    SELECT gen_random_uuid(), 'default', 'history', CASE WHEN g %% 50 = 0 THEN 'FAILED' ELSE 'COMPLETED' END,
                           'Completed', t, t, t, t, t
                    FROM generate_series(1, %d) AS g, LATERAL (SELECT now() - g * interval '100 ms' AS t) AS at""".formatted(HISTORY));
            s.execute("VACUUM (ANALYZE) tasks");
            s.execute("""
                    INSERT INTO tasks (id, tenant, type, status, state, run_at, created_at, updated_at)
                    SELECT gen_random_uuid(), 'default', 'other', 'PENDING', 'Queued', t, t, t
                    FROM generate_series(1, %d) AS g, LATERAL (SELECT now() - interval '2 minutes' + g * interval '1 ms' AS t) AS at"""
                    .formatted(OTHER_BACKLOG));
            s.execute("""
                    INSERT INTO tasks (id, tenant, type, status, state, run_at, created_at, updated_at)
                    SELECT gen_random_uuid(), 'default', 'work', 'PENDING', 'Queued', t, t, t
                    FROM generate_series(1, %d) AS g, LATERAL (SELECT now() - interval '1 minute' + g * interval '1 ms' AS t) AS at"""
                    .formatted(BACKLOG));
        }
    }

    @AfterAll
    static void dropSchema() throws SQLException {
        if (settings == null) {
            return;
        }
        try (Connection c = DriverManager.getConnection(settings.url()); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS %s CASCADE".formatted(settings.schema()));
        }
    }

    @Test
    void noIndexFindsPendingRowsOutOfClaimOrder() throws SQLException {
        List<String> byStatus = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("""
                     SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'tasks'""")) {
            while (rs.next()) {
                String name = rs.getString(1);
                String definition = rs.getString(2);
                boolean leadsWithStatus = definition.matches("(?s).*\\(status[,)].*");
                boolean pendingOnly = definition.endsWith("WHERE (status = 'PENDING'::text)");
                if (leadsWithStatus || (pendingOnly && !CLAIM_ORDER_INDEXES.contains(name))) {
                    byStatus.add(definition);
                }
            }
        }
        assertThat(byStatus).as("indexes that find pending rows in another order than a claim's").isEmpty();
    }

    @Test
    void aClaimOfOneType_walksAPendingOnlyIndexInClaimOrder_planForItsValues() throws Exception {
        assertClaimOrderWalk(explainClaim("force_custom_plan"));
    }

    @Test
    void aClaimOfOneType_walksAPendingOnlyIndexInClaimOrder_genericPlan() throws Exception {
        assertClaimOrderWalk(explainClaim("force_generic_plan"));
    }

    /**
     * {@code claimOneType} as the store ships it, prepared ($n for each parameter) and explained with LIMIT pending
     * tasks to claim, under the given {@code plan_cache_mode}, in a transaction that is rolled back.
     */
    private static JsonNode explainClaim(String planCacheMode) throws Exception {
        NamedSql claim = SqlFiles.load(new PostgresDialect()).tasks().get(TaskSql.CLAIM_ONE_TYPE);
        StringBuilder numbered = new StringBuilder();
        int next = 1;
        for (char ch : claim.jdbcSql().toCharArray()) {
            numbered.append(ch == '?' ? "$" + next++ : String.valueOf(ch));
        }
        Map<String, String> literals = Map.of("tenant", "'default'", "type", "'work'", "limit", Integer.toString(LIMIT),
                "worker", "'plan-test'", "lease_token", "'plan-test'", "lease_seconds", "NULL", "now", "now()",
                "claimed_status", "'" + TaskClaim.CLAIMED_STATUS.dbName() + "'", "claimed_state", "'" + TaskClaim.CLAIMED_STATE + "'");
        String arguments = claim.parameters().stream().map(name -> {
            String literal = literals.get(name);
            assertThat(literal).as("a value for :" + name).isNotNull();
            return literal;
        }).collect(Collectors.joining(", "));
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("SET LOCAL plan_cache_mode = " + planCacheMode);
                s.execute("PREPARE claim_plan AS " + numbered);
                try (ResultSet rs = s.executeQuery("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) EXECUTE claim_plan(" + arguments + ")")) {
                    rs.next();
                    return new ObjectMapper().readTree(rs.getString(1)).get(0).get("Plan");
                }
            } finally {
                c.rollback();
            }
        }
    }

    /**
     * The claim's subquery walks the pending tasks of its type in claim order and stops at LIMIT: no sort, and no
     * pending task of another type read and filtered out.
     */
    private static void assertClaimOrderWalk(JsonNode plan) {
        List<JsonNode> nodes = new ArrayList<>();
        collect(plan, nodes);
        String described = nodes.stream().map(PostgresClaimPlanTest::describe).collect(Collectors.joining(" → "));
        assertThat(nodes).as(described).noneMatch(node -> node.path("Node Type").asText().contains("Sort"));
        List<JsonNode> pendingScans = nodes.stream()
                .filter(node -> node.path("Node Type").asText().contains("Scan"))
                .filter(node -> node.path("Relation Name").asText().equals("tasks"))
                .filter(node -> !node.path("Index Name").asText().equals("tasks_pkey")) // the UPDATE's join back by id
                .toList();
        assertThat(pendingScans).as(described).hasSize(1);
        JsonNode scan = pendingScans.getFirst();
        assertThat(scan.path("Node Type").asText()).as(described).isEqualTo("Index Scan");
        assertThat(scan.path("Index Name").asText()).as(described).isEqualTo("idx_tasks_ready");
        assertThat(scan.path("Rows Removed by Filter").asLong()).as(described).isZero();
        assertThat(scan.path("Actual Rows").asLong()).as(described).isEqualTo(LIMIT);
    }

    private static void collect(JsonNode node, List<JsonNode> out) {
        out.add(node);
        for (JsonNode child : node.path("Plans")) {
            collect(child, out);
        }
    }

    private static String describe(JsonNode node) {
        String index = node.path("Index Name").asText("");
        return node.path("Node Type").asText() + (index.isEmpty() ? "" : " [" + index + "]") + ": "
                + node.path("Actual Rows").asLong() + " rows";
    }

    private static Connection connect() throws SQLException {
        Connection c = DriverManager.getConnection(settings.url());
        try (Statement s = c.createStatement()) {
            s.execute("SET search_path TO " + settings.schema());
        }
        return c;
    }
}
