package dev.taskledger.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskledger.queue.Task;
import dev.taskledger.queue.TaskStatus;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;

/** Maps {@code tasks} rows to {@link Task} and tasks to statement parameters; the column names are the same in every dialect. */
final class TaskRows {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<TreeMap<String, String>> TAGS = new TypeReference<>() {};

    private TaskRows() {}

    static Task map(ResultSet rs, Dialect d) throws SQLException {
        return new Task(
                d.uuid(rs, "id"),
                rs.getString("tenant"),
                rs.getString("type"),
                TaskStatus.fromDb(rs.getString("status")),
                d.text(rs, "state"),
                rs.getInt("progress"),
                rs.getInt("priority"),
                d.json(rs, "payload"),
                d.json(rs, "metadata"),
                tags(rs.getString("tags")),
                d.text(rs, "error"),
                rs.getString("input_hash"),
                rs.getInt("retry_count"),
                rs.getInt("max_attempts"),
                rs.getInt("lease_seconds"),
                timeoutSeconds(rs),
                d.instant(rs, "run_at"),
                rs.getString("lease_owner"),
                rs.getString("lease_token"),
                d.instant(rs, "lease_expires_at"),
                d.instant(rs, "created_at"),
                d.instant(rs, "updated_at"),
                d.instant(rs, "started_at"),
                d.instant(rs, "finished_at"),
                rs.getInt("version"),
                rs.getString("concurrency_key"));
    }

    /** The parameters of every column, named as the columns. */
    static Params params(Task t) {
        return new Params()
                .id("id", t.id()).string("tenant", t.tenant()).string("type", t.type())
                .string("status", t.status().dbName()).text("state", t.state())
                .integer("progress", t.progress()).integer("priority", t.priority())
                .json("payload", t.payload()).json("metadata", t.metadata()).json("tags", tagsJson(t.tags()))
                .text("error", t.error()).string("input_hash", t.inputHash())
                .integer("retry_count", t.retryCount()).integer("max_attempts", t.maxAttempts())
                .integer("lease_seconds", t.leaseSeconds()).time("run_at", t.runAt())
                .string("lease_owner", t.leaseOwner()).string("lease_token", t.leaseToken())
                .time("lease_expires_at", t.leaseExpiresAt()).time("created_at", t.createdAt())
                .time("updated_at", t.updatedAt()).time("started_at", t.startedAt())
                .time("finished_at", t.finishedAt()).integer("version", t.version())
                .string("concurrency_key", t.concurrencyKey())
                .integer("timeout_seconds", t.timeoutSeconds());
    }

    private static Integer timeoutSeconds(ResultSet rs) throws SQLException {
        int seconds = rs.getInt("timeout_seconds");
        return rs.wasNull() ? null : seconds;
    }

    static String tagsJson(Map<String, String> tags) {
        if (tags.isEmpty()) {
            return "{}"; // what the mapper writes for an empty map, without a mapper call per untagged task
        }
        try {
            return MAPPER.writeValueAsString(new TreeMap<>(tags));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> tags(String json) {
        if (json == null || json.isEmpty() || json.equals("{}")) {
            return Map.of();
        }
        try {
            return MAPPER.readValue(json, TAGS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("tags column does not hold a JSON object of strings: " + json, e);
        }
    }
}
