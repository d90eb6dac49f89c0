package dev.taskledger.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskledger.server.config.Config;
import dev.taskledger.testkit.MutableClock;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code GET /metrics} of the real server wiring: task counters, database gauges and HTTP timers, in Prometheus format. */
class MetricsTest {

    private static Application start(Backend backend, Map<String, String> extra, MutableClock clock) {
        Map<String, String> env = new HashMap<>(backend.env());
        env.put("PORT", "0");
        env.put("TASKLEDGER_API_KEYS", "acme=acme-key");
        env.putAll(extra);
        return Application.start(Config.fromEnv(env), clock);
    }

    @Test
    void metrics_countEveryTransition_gaugeTasksAndReadyAge_andTimeRequestsByRoute() {
        Backend backend = Backend.sqlite();
        MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
        try (Application app = start(backend, Map.of("TASKLEDGER_LEASE_CHECK_MS", "50"), clock)) {
            Api api = new Api(URI.create("http://127.0.0.1:" + app.port()), Map.of()).withKey("acme-key");
            String type = "metered";
            for (int i = 0; i < 6; i++) {
                api.post("/api/v1/tasks", "{\"type\":\"" + type + "\"}").expect(201);
            }
            JsonNode t1 = claim(api, type, null);
            api.post(path(t1) + "/complete", "{\"lease_token\":\"" + t1.path("lease_token").asText() + "\"}").expect(200);
            JsonNode t2 = claim(api, type, null);
            api.post(path(t2) + "/fail", "{\"error\":\"bad input\",\"retryable\":false}").expect(200);
            JsonNode t3 = claim(api, type, null);
            api.post(path(t3) + "/fail", "{\"error\":\"try later\"}").expect(200);
            JsonNode t4 = claim(api, type, 1);
            clock.advance(Duration.ofSeconds(5)); // t4's lease expires; the rescuer puts it back
            await().atMost(Duration.ofSeconds(10)).until(() -> api.get(path(t4)).expect(200).path("status").asText().equals("pending"));
            JsonNode pending = api.get("/api/v1/tasks?status=pending&type=" + type + "&limit=10").expect(200).path("tasks");
            String t5 = pending.get(pending.size() - 1).path("id").asText();
            api.post("/api/v1/tasks/" + t5 + "/cancel", "").expect(200);
            api.get("/no/such/route").expectProblem(404);

            Reply scrape = api.withKey(null).get("/metrics");

            assertThat(scrape.status()).isEqualTo(200);
            assertThat(scrape.header("Content-Type")).startsWith("text/plain");
            String m = scrape.body();
            assertThat(value(m, "taskledger_tasks_enqueued_total{type=\"metered\"}")).isEqualTo(6);
            assertThat(value(m, "taskledger_tasks_claimed_total{type=\"metered\"}")).isEqualTo(4);
            assertThat(value(m, "taskledger_tasks_completed_total{type=\"metered\"}")).isEqualTo(1);
            assertThat(value(m, "taskledger_tasks_failed_total{outcome=\"failed\",type=\"metered\"}")).isEqualTo(1);
            assertThat(value(m, "taskledger_tasks_failed_total{outcome=\"retry\",type=\"metered\"}")).isEqualTo(1);
            assertThat(value(m, "taskledger_tasks_lease_expired_total{outcome=\"requeued\",type=\"metered\"}")).isEqualTo(1);
            assertThat(value(m, "taskledger_tasks_cancelled_total{type=\"metered\"}")).isEqualTo(1);
            assertThat(value(m, "taskledger_tasks{status=\"pending\",tenant=\"acme\",type=\"metered\"}")).isEqualTo(3);
            assertThat(value(m, "taskledger_tasks{status=\"processing\",tenant=\"acme\",type=\"metered\"}")).isEqualTo(0);
            assertThat(value(m, "taskledger_tasks{status=\"completed\",tenant=\"acme\",type=\"metered\"}")).isEqualTo(1);
            assertThat(value(m, "taskledger_tasks{status=\"failed\",tenant=\"acme\",type=\"metered\"}")).isEqualTo(1);
            assertThat(value(m, "taskledger_tasks{status=\"cancelled\",tenant=\"acme\",type=\"metered\"}")).isEqualTo(1);
            assertThat(value(m, "taskledger_ready_oldest_age_seconds{tenant=\"acme\"}")).isEqualTo(5);
            assertThat(value(m, "taskledger_outbox_unsent")).isEqualTo(0);
            assertThat(value(m, "taskledger_outbox_oldest_unsent_age_seconds")).isEqualTo(0);
            assertThat(m).as("no retention job unless asked for: events are kept").doesNotContain("taskledger_retention_deleted_total");
            assertThat(value(m, "taskledger_clock_offset_seconds")).as("SQLite: the node's clock is the database's").isEqualTo(0);
            assertThat(value(m, "http_server_requests_seconds_count{method=\"POST\",route=\"/api/v1/tasks/{id}/complete\",status=\"200\"}"))
                    .isEqualTo(1);
            assertThat(value(m, "http_server_requests_seconds_count{method=\"POST\",route=\"/api/v1/tasks\",status=\"201\"}")).isEqualTo(6);
            assertThat(value(m, "http_server_requests_seconds_count{method=\"GET\",route=\"unmatched\",status=\"404\"}")).isEqualTo(1);
            assertThat(m).contains("http_server_requests_seconds_bucket{method=\"POST\",route=\"/api/v1/tasks/{id}/fail\",status=\"200\",le=\"0.005\"}")
                    .contains("jvm_memory_used_bytes");
        } finally {
            backend.cleanup();
        }
    }

    @Test
    void metrics_gaugeRunningAndLimitedWaitingTasks_perTenantAndType() {
        Backend backend = Backend.sqlite();
        MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
        try (Application app = start(backend, Map.of(), clock)) {
            Api api = new Api(URI.create("http://127.0.0.1:" + app.port()), Map.of()).withKey("acme-key");
            api.put("/api/v1/limits", "{\"type\":\"capped\",\"max_running\":1}").expect(200);
            api.put("/api/v1/limits", "{\"type\":\"paced\",\"rate\":{\"count\":1,\"period_seconds\":60}}").expect(200);
            for (int i = 0; i < 3; i++) {
                api.post("/api/v1/tasks", "{\"type\":\"capped\"}").expect(201);
                api.post("/api/v1/tasks", "{\"type\":\"paced\"}").expect(201);
            }
            claim(api, "capped", null);
            claim(api, "paced", null);

            String m = api.withKey(null).get("/metrics").body();

            assertThat(value(m, "taskledger_limits_tasks{state=\"running\",tenant=\"acme\",type=\"capped\"}")).isEqualTo(1);
            assertThat(value(m, "taskledger_limits_tasks{state=\"limited_waiting\",tenant=\"acme\",type=\"capped\"}")).isEqualTo(2);
            assertThat(value(m, "taskledger_limits_tasks{state=\"rate_limited_waiting\",tenant=\"acme\",type=\"capped\"}")).isEqualTo(0);
            assertThat(value(m, "taskledger_limits_tasks{state=\"running\",tenant=\"acme\",type=\"paced\"}")).isEqualTo(1);
            assertThat(value(m, "taskledger_limits_tasks{state=\"rate_limited_waiting\",tenant=\"acme\",type=\"paced\"}")).isEqualTo(2);
        } finally {
            backend.cleanup();
        }
    }

    @Test
    void withMetricsRequireKey_onlyTheAdminKeyReadsMetrics() {
        Backend backend = Backend.sqlite();
        try (Application app = start(backend, Map.of("TASKLEDGER_METRICS_REQUIRE_KEY", "true", "TASKLEDGER_ADMIN_KEY", "root-key"),
                new MutableClock(Instant.now()))) {
            Api api = new Api(URI.create("http://127.0.0.1:" + app.port()), Map.of());

            api.get("/metrics").expectProblem(401);
            api.withKey("acme-key").get("/metrics").expectProblem(403);
            assertThat(api.withKey("root-key").get("/metrics").status()).isEqualTo(200);
            assertThat(api.get("/health").status()).isEqualTo(200);
        } finally {
            backend.cleanup();
        }
    }

    private static JsonNode claim(Api api, String type, Integer leaseSeconds) {
        String lease = leaseSeconds == null ? "" : ",\"lease_seconds\":" + leaseSeconds;
        return api.post("/api/v1/tasks/claim", "{\"types\":[\"" + type + "\"],\"worker\":\"w\"" + lease + "}").expect(200)
                .path("tasks").get(0);
    }

    private static String path(JsonNode task) {
        return "/api/v1/tasks/" + task.path("id").asText();
    }

    /** The value of the sample {@code series} (name and labels exactly as exposed); fails when it is absent. */
    private static double value(String exposition, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(exposition);
        assertThat(m.find()).as("series %s in%n%s", series, exposition.lines().filter(l -> l.startsWith("taskledger")
                || l.startsWith("http_server")).toList()).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
