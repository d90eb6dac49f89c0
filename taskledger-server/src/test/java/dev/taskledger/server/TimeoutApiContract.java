package dev.taskledger.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskledger.protocol.ProblemType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Execution timeouts over HTTP, once per backend: {@code timeout_seconds} (or the type's default from
 * {@code TASKLEDGER_TYPE_TIMEOUTS}) bounds an attempt, heartbeats or not; past it the server fails the attempt with
 * error "timed out" (retried by the usual rules) and the worker's calls answer 409 {@code timed-out}.
 */
abstract class TimeoutApiContract extends ApiTestBase {
    private static final String DEFAULTED_TYPE = "timeout-defaulted";

    @Override
    protected void configure(Map<String, String> env) {
        env.put("TASKLEDGER_TYPE_TIMEOUTS", DEFAULTED_TYPE + "=45");
    }

    @Test
    void create_takesTimeoutSeconds_orTheTypesDefault_andTheClaimSaysTheDeadline() {
        JsonNode own = create(newType(), "\"timeout_seconds\":30");
        assertThat(own.path("timeout_seconds").asInt()).isEqualTo(30);
        assertThat(own.has("deadline_at")).as("no attempt yet").isFalse();
        assertThat(create(DEFAULTED_TYPE, "").path("timeout_seconds").asInt()).isEqualTo(45);
        assertThat(create(newType(), "").has("timeout_seconds")).as("none").isFalse();

        JsonNode claimed = claimOne(own.path("type").asText(), "w1");
        assertThat(Instant.parse(claimed.path("deadline_at").asText()))
                .isEqualTo(Instant.parse(claimed.path("started_at").asText()).plusSeconds(30));

        assertThat(api.post("/api/v1/tasks", "{\"type\":\"t\",\"timeout_seconds\":0}").expectProblem(ProblemType.INVALID_VALUE)
                .path("detail").asText()).contains("timeout_seconds");
        api.post("/api/v1/tasks", "{\"type\":\"t\",\"timeout_seconds\":604801}").expectProblem(ProblemType.INVALID_VALUE);
        api.post("/api/v1/tasks", "{\"type\":\"t\",\"timeout_seconds\":\"soon\"}").expectProblem(ProblemType.INVALID_VALUE);
    }

    @Test
    void aHeartbeatingAttempt_pastItsTimeout_failsWithTimedOut_andHeartbeatsAnswer409TimedOut() {
        String type = newType();
        JsonNode task = create(type, "\"timeout_seconds\":1,\"max_attempts\":1");
        JsonNode claimed = claimOne(type, "w1");
        String token = "{\"lease_token\":\"" + claimed.path("lease_token").asText() + "\"}";
        api.post(taskPath(task) + "/heartbeat", token).expect(200);

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> api.get(taskPath(task)).expect(200).path("status").asText().equals("failed"));
        JsonNode failed = api.get(taskPath(task)).expect(200);
        assertThat(failed.path("error").asText()).isEqualTo("timed out");
        assertThat(api.get(taskPath(task) + "/events").expect(200).path("events").get(0).path("actor").asText()).isEqualTo("SYSTEM");

        JsonNode refused = api.post(taskPath(task) + "/heartbeat", token).expectProblem(ProblemType.TIMED_OUT);
        assertThat(refused.path("current_status").asText()).isEqualTo("failed");
        api.post(taskPath(task) + "/complete", token).expectProblem(ProblemType.TIMED_OUT);
        JsonNode batch = api.post("/api/v1/tasks/heartbeat", "{\"heartbeats\":[{\"id\":\"" + task.path("id").asText()
                + "\",\"lease_token\":\"" + claimed.path("lease_token").asText() + "\"}]}").expect(200);
        assertThat(batch.path("outcomes").get(0).path("type").asText()).isEqualTo(ProblemType.TIMED_OUT.uri());
    }

    @Test
    void aTimedOutAttempt_withAttemptsLeft_isRetried() {
        String type = newType();
        JsonNode task = create(type, "\"timeout_seconds\":1,\"max_attempts\":2");
        claimOne(type, "w1");

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> api.get(taskPath(task)).expect(200).path("status").asText().equals("pending"));
        JsonNode pending = api.get(taskPath(task)).expect(200);
        assertThat(pending.path("error").asText()).isEqualTo("timed out");
        assertThat(pending.path("retry_count").asInt()).isEqualTo(1);
    }
}
