package dev.taskledger.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskledger.protocol.ProblemType;
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

/**
 * Issue 14, item 17, through the real wiring: {@code /metrics} shows when each background loop last succeeded, and
 * {@code /health} answers 503 naming a loop that has made no progress for far longer than its interval.
 */
class BackgroundJobsTest {

    @Test
    void metricsShowEachLoopsLastSuccess_andHealthNamesALoopThatMadeNoProgress() {
        Backend backend = Backend.sqlite();
        Instant start = Instant.parse("2026-03-01T12:00:00Z");
        MutableClock clock = new MutableClock(start);
        Map<String, String> env = new HashMap<>(backend.env());
        env.putAll(Map.of("PORT", "0", "TASKLEDGER_LEASE_CHECK_MS", "20", "TASKLEDGER_RETENTION_DAYS", "7",
                "TASKLEDGER_RETENTION_INTERVAL_SECONDS", "3600")); // retention's first run is an hour away
        try (Application app = Application.start(Config.fromEnv(env), clock)) {
            Api api = new Api(URI.create("http://127.0.0.1:" + app.port()), Map.of());
            String rescuer = "taskledger_background_last_success_timestamp_seconds{job=\"lease-rescuer\"}";
            String retention = "taskledger_background_last_success_timestamp_seconds{job=\"retention\"}";

            await().atMost(Duration.ofSeconds(10)).until(() -> value(api.get("/metrics").body(), rescuer) > 0);
            String metrics = api.get("/metrics").body();
            assertThat(value(metrics, rescuer)).isEqualTo(start.getEpochSecond());
            assertThat(value(metrics, retention)).as("never ran yet").isZero();
            assertThat(value(metrics, "taskledger_background_failures_total{job=\"retention\"}")).isZero();
            assertThat(api.get("/health").expect(200).path("status").asText()).isEqualTo("ok");

            clock.advance(Duration.ofHours(3).plusSeconds(1)); // the rescuer goes on every 20 ms; retention has not run

            await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/health").body().contains("'retention'"));
            JsonNode problem = api.get("/health").expectProblem(ProblemType.UNAVAILABLE);
            assertThat(problem.path("detail").asText()).isEqualTo("background job 'retention' has made no progress for"
                    + " 10801 s (allowed: 10800 s); no step has finished");
            assertThat(value(api.get("/metrics").body(), rescuer)).isGreaterThan(start.getEpochSecond());
        } finally {
            backend.cleanup();
        }
    }

    private static double value(String exposition, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(exposition);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }
}
