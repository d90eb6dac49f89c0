package dev.taskledger.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskledger.server.config.Config;
import dev.taskledger.testkit.MutableClock;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The task persistence design's clean-up through the real server wiring, on a clock the test moves: finished tasks
 * past TASKLEDGER_RETENTION_DAYS (or TASKLEDGER_RETENTION, a duration) and events past TASKLEDGER_EVENT_RETENTION_DAYS are archived, then deleted; pending and
 * processing tasks never are.
 */
class RetentionTest {

    @Test
    void finishedTasksAndOldEvents_areArchivedThenDeleted_pendingAndProcessingTasksStay() throws Exception {
        Backend backend = Backend.sqlite();
        Path archive = Files.createTempDirectory("taskledger-archive-");
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        Map<String, String> env = new HashMap<>(backend.env());
        env.putAll(Map.of("PORT", "0", "TASKLEDGER_RETENTION_DAYS", "7", "TASKLEDGER_EVENT_RETENTION_DAYS", "30",
                "TASKLEDGER_ARCHIVE_DIR", archive.toString(), "TASKLEDGER_RETENTION_INTERVAL_SECONDS", "1",
                "TASKLEDGER_LEASE_CHECK_MS", "3600000")); // leases must not expire under the moving clock
        try (Application app = Application.start(Config.fromEnv(env), clock)) {
            Api api = new Api(URI.create("http://127.0.0.1:" + app.port()), Map.of());
            String completed = finish(api, "done", "/complete", "{\"result\":{\"size\":42}}");
            String failed = finish(api, "broken", "/fail", "{\"error\":\"no\",\"retryable\":false}");
            String cancelled = create(api, "dropped");
            api.post("/api/v1/tasks/" + cancelled + "/cancel", "").expect(200);
            String pending = create(api, "waiting");
            String processing = create(api, "running");
            claim(api, "running");

            clock.advance(Duration.ofDays(8));
            String recent = finish(api, "recent", "/complete", "{\"result\":1}"); // finished 0 days ago: stays
            await().atMost(Duration.ofSeconds(15)).until(() -> api.get("/api/v1/tasks/" + completed).status() == 404
                    && api.get("/api/v1/tasks/" + failed).status() == 404 && api.get("/api/v1/tasks/" + cancelled).status() == 404);

            assertThat(api.get("/api/v1/tasks/" + pending).expect(200).path("status").asText()).isEqualTo("pending");
            assertThat(api.get("/api/v1/tasks/" + processing).expect(200).path("status").asText()).isEqualTo("processing");
            assertThat(api.get("/api/v1/tasks/" + recent).expect(200).path("status").asText()).isEqualTo("completed");
            assertThat(api.get("/api/v1/tasks/" + pending + "/events").expect(200).path("events").size()).isEqualTo(1);
            List<JsonNode> archivedTasks = archived(archive, "tasks-");
            assertThat(archivedTasks).extracting(t -> t.path("task").path("id").asText())
                    .containsExactlyInAnyOrder(completed, failed, cancelled);
            JsonNode done = archivedTasks.stream().filter(t -> t.path("task").path("id").asText().equals(completed)).findFirst().orElseThrow();
            assertThat(done.path("events").size()).as("events of the completed task").isEqualTo(3);
            assertThat(Reply.tree(done.path("result").asText()).path("size").asInt()).isEqualTo(42);

            clock.advance(Duration.ofDays(23)); // day 31: the first events are older than 30 days
            await().atMost(Duration.ofSeconds(15)).until(() ->
                    api.get("/api/v1/tasks/" + pending + "/events").expect(200).path("events").isEmpty());

            assertThat(api.get("/api/v1/tasks/" + pending).expect(200).path("status").asText()).isEqualTo("pending");
            assertThat(api.get("/api/v1/tasks/" + processing).expect(200).path("status").asText()).isEqualTo("processing");
            Set<String> archivedEventTasks = new HashSet<>();
            archived(archive, "events-").forEach(e -> archivedEventTasks.add(e.path("taskId").asText()));
            assertThat(archivedEventTasks).contains(pending, processing);
            assertThat(api.get("/metrics").body()).containsPattern("taskledger_retention_deleted_total\\{kind=\"tasks\"} [1-9]");
        } finally {
            backend.cleanup();
        }
    }

    @Test
    void retentionInHours_deletesTasksFinishedLongerAgo_keepsTheRecentOnes() throws Exception {
        Backend backend = Backend.sqlite();
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        Map<String, String> env = new HashMap<>(backend.env());
        env.putAll(Map.of("PORT", "0", "TASKLEDGER_RETENTION", "2h", "TASKLEDGER_RETENTION_INTERVAL_SECONDS", "1",
                "TASKLEDGER_LEASE_CHECK_MS", "3600000"));
        try (Application app = Application.start(Config.fromEnv(env), clock)) {
            Api api = new Api(URI.create("http://127.0.0.1:" + app.port()), Map.of());
            String old = finish(api, "old", "/complete", "{\"result\":1}");
            clock.advance(Duration.ofMinutes(90));
            String recent = finish(api, "recent", "/complete", "{\"result\":2}");
            clock.advance(Duration.ofMinutes(40)); // old finished 2h10m ago, recent 40m ago

            await().atMost(Duration.ofSeconds(15)).until(() -> api.get("/api/v1/tasks/" + old).status() == 404);
            assertThat(api.get("/api/v1/tasks/" + recent).expect(200).path("status").asText()).isEqualTo("completed");
        } finally {
            backend.cleanup();
        }
    }

    private static String create(Api api, String type) {
        return api.post("/api/v1/tasks", "{\"type\":\"" + type + "\",\"lease_seconds\":86400}").expect(201).path("id").asText();
    }

    private static JsonNode claim(Api api, String type) {
        return api.post("/api/v1/tasks/claim", "{\"types\":[\"" + type + "\"],\"worker\":\"w\"}").expect(200).path("tasks").get(0);
    }

    private static String finish(Api api, String type, String action, String body) {
        String id = create(api, type);
        claim(api, type);
        api.post("/api/v1/tasks/" + id + action, body).expect(200);
        return id;
    }

    /** Every line of the archive files whose names start with {@code prefix}. */
    private static List<JsonNode> archived(Path dir, String prefix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith(prefix) && f.toString().endsWith(".ndjson.gz"))
                    .flatMap(RetentionTest::lines).map(Reply::tree).toList();
        }
    }

    private static Stream<String> lines(Path gz) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(gz)),
                StandardCharsets.UTF_8))) {
            return r.lines().toList().stream();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
