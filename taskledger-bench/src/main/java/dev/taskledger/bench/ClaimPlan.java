package dev.taskledger.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskledger.protocol.Json;
import dev.taskledger.queue.TaskClaim;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The plan and cost of the PostgreSQL claim statement as the server runs it: {@code claimOneType} from
 * taskledger-store-jdbc's {@code sql/postgresql/tasks.sql} (on the classpath), with literal values for its
 * parameters, under {@code EXPLAIN (ANALYZE, BUFFERS)} in a transaction that is rolled back (nothing is claimed).
 *
 * @param label       what the tables held
 * @param executionMs the statement's execution time
 * @param buffers     shared buffers hit + read by the statement
 * @param nodes       the plan's nodes, outermost first ({@code Node Type [index]: actual rows})
 */
record ClaimPlan(String label, double executionMs, long buffers, String nodes) {
    static final String RESOURCE = "/sql/postgresql/tasks.sql";
    static final String STATEMENT = "claimOneType";

    /** Explains a claim of up to {@code limit} tasks of the benchmark's queue type. */
    static ClaimPlan explain(TrialDatabase database, String label, int limit) {
        String sql = withLiterals(statement(), literals(limit));
        try (Connection c = database.connect()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql)) {
                rs.next();
                JsonNode root = Json.mapper().readTree(rs.getString(1)).get(0);
                JsonNode plan = root.get("Plan");
                List<String> nodes = new ArrayList<>();
                describe(plan, nodes);
                ClaimPlan p = new ClaimPlan(label, root.path("Execution Time").asDouble(),
                        plan.path("Shared Hit Blocks").asLong() + plan.path("Shared Read Blocks").asLong(), String.join(" → ", nodes));
                BenchMain.log("claim plan (%s, limit %d): %.2f ms, %d buffers: %s", label, limit, p.executionMs(), p.buffers(), p.nodes());
                return p;
            } finally {
                c.rollback();
            }
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("EXPLAIN of the claim statement failed: " + e.getMessage(), e);
        }
    }

    private static void describe(JsonNode node, List<String> out) {
        String index = node.path("Index Name").asText("");
        out.add(node.path("Node Type").asText() + (index.isEmpty() ? "" : " [" + index + "]") + ": "
                + node.path("Actual Rows").asLong() + " rows");
        for (JsonNode child : node.path("Plans")) {
            describe(child, out);
        }
    }

    /** The named statement's text, as the store reads it: from its {@code -- name:} line to the next one. */
    static String statement() {
        try (InputStream in = ClaimPlan.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("no " + RESOURCE + " on the classpath (taskledger-store-jdbc)");
            }
            StringBuilder body = new StringBuilder();
            boolean inside = false;
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String trimmed = line.strip();
                if (trimmed.startsWith("-- name:")) {
                    if (inside) {
                        break;
                    }
                    inside = trimmed.substring("-- name:".length()).strip().equals(STATEMENT);
                } else if (inside && !trimmed.startsWith("--")) {
                    body.append(line).append('\n');
                }
            }
            String sql = body.toString().strip();
            if (sql.isEmpty()) {
                throw new IllegalStateException(RESOURCE + " has no statement " + STATEMENT);
            }
            return sql.endsWith(";") ? sql.substring(0, sql.length() - 1) : sql;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The claim statement's parameters as SQL literals: a claim by a worker of the benchmark's queue type. */
    static Map<String, String> literals(int limit) {
        return Map.of("tenant", "'default'", "type", "'" + Workloads.QUEUE_TYPE + "'",
                "now", "CAST(now() AS timestamptz)", "limit", Integer.toString(limit), "worker", "'bench-explain'",
                "lease_token", "'bench-explain'", "lease_seconds", "NULL",
                "claimed_status", "'" + TaskClaim.CLAIMED_STATUS.dbName() + "'", "claimed_state", "'" + TaskClaim.CLAIMED_STATE + "'");
    }

    /** {@code sql} with each {@code :name} replaced by its literal; {@code ::} casts and quoted text are left alone. */
    static String withLiterals(String sql, Map<String, String> values) {
        StringBuilder out = new StringBuilder(sql.length());
        char quote = 0;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (quote != 0) {
                out.append(c);
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                out.append(c);
            } else if (c == ':' && i + 1 < sql.length() && sql.charAt(i + 1) == ':') {
                out.append("::");
                i++;
            } else if (c == ':' && i + 1 < sql.length() && Character.isJavaIdentifierStart(sql.charAt(i + 1))) {
                int end = i + 1;
                while (end < sql.length() && Character.isJavaIdentifierPart(sql.charAt(end))) {
                    end++;
                }
                String name = sql.substring(i + 1, end);
                String value = values.get(name);
                if (value == null) {
                    throw new IllegalStateException(STATEMENT + " has a parameter :" + name + " the benchmark has no value for");
                }
                out.append(value);
                i = end - 1;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
