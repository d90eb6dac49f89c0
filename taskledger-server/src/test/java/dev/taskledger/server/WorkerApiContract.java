package dev.taskledger.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskledger.protocol.ProblemType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Claim, heartbeat, complete, fail, cancel, retry, long polls and lease expiry over HTTP; once per backend. */
abstract class WorkerApiContract extends ApiTestBase {

    @Test
    void claim_leasesTasksWithAToken_andCompleteStoresTheResult() {
        String type = newType();
        JsonNode created = create(type, "\"payload\":{\"n\":1}");

        JsonNode claimed = claimOne(type, "worker-1");
        assertThat(claimed.path("id")).isEqualTo(created.path("id"));
        assertThat(claimed.path("status").asText()).isEqualTo("processing");
        assertThat(claimed.path("worker").asText()).isEqualTo("worker-1");
        assertThat(claimed.path("lease_token").asText()).isNotBlank().isNotEqualTo(claimed.path("id").asText());
        assertThat(Instant.parse(claimed.path("lease_expires_at").asText()))
                .as("the task's default lease (300 s) from the claim")
                .isEqualTo(Instant.parse(claimed.path("started_at").asText()).plusSeconds(300));
        assertThat(claimed.path("retry_count").asInt()).isEqualTo(1);
        assertThat(api.get(taskPath(claimed)).expect(200).has("lease_token")).as("only the claimer sees the token").isFalse();

        JsonNode done = api.post(taskPath(claimed) + "/complete", "{\"lease_token\":\"" + claimed.path("lease_token").asText()
                + "\",\"result\":{\"ok\":true,\"size\":1.50,\"big\":0.1000000000000000000001}}").expect(200);
        assertThat(done.path("status").asText()).isEqualTo("completed");
        assertThat(done.path("progress").asInt()).isEqualTo(100);
        Instant finishedAt = Instant.parse(done.path("finished_at").asText());
        assertThat(finishedAt).isAfterOrEqualTo(Instant.parse(claimed.path("started_at").asText()));
        assertThat(done.path("updated_at").asText()).isEqualTo(done.path("finished_at").asText());
        assertThat(done.path("lease_expires_at").isMissingNode() || done.path("lease_expires_at").isNull())
                .as("a finished task holds no lease").isTrue();
        JsonNode result = api.get(taskPath(claimed) + "/result").expect(200);
        assertThat(result.path("result")).isEqualTo(Reply.tree("{\"ok\":true,\"size\":1.50,\"big\":0.1000000000000000000001}"));
        assertThat(result.path("task_id")).isEqualTo(claimed.path("id"));
    }

    @Test
    void claim_takesTypesLimitAndWorkerFromBodyOrQuery_includingSeed001Aliases() {
        String type = newType();
        create(type, "");
        create(type, "");
        create(type, "");

        JsonNode byQuery = api.post("/api/v1/tasks/claim?types=" + type + "&limit=2&processor_id=proc-7", "").expect(200);
        JsonNode byBody = api.post("/api/v1/tasks/claim", "{\"type\":\"" + type + "\",\"service_id\":\"svc-3\",\"limit\":5}").expect(200);

        assertThat(byQuery.path("tasks")).extracting(t -> t.path("worker").asText()).containsExactly("proc-7", "proc-7");
        assertThat(byBody.path("tasks")).extracting(t -> t.path("worker").asText()).containsExactly("svc-3");
        assertThat(api.post("/api/v1/tasks/claim", "{\"types\":[\"" + type + "\"]}").expect(200).path("tasks").size()).isZero();
    }

    @Test
    void claimById_claimsAPendingTask_andIs409WithTheCurrentStatusOtherwise() {
        JsonNode task = create(newType(), "");

        JsonNode claimed = api.post(taskPath(task) + "/claim?processor_id=p1", "").expect(200);
        assertThat(claimed.path("status").asText()).isEqualTo("processing");
        assertThat(claimed.path("worker").asText()).isEqualTo("p1");
        assertThat(claimed.path("lease_token").asText()).isNotBlank().isNotEqualTo(claimed.path("id").asText());
        api.post(taskPath(task) + "/heartbeat", "{\"lease_token\":\"" + claimed.path("lease_token").asText() + "\"}")
                .expect(200);

        JsonNode conflict = api.post(taskPath(task) + "/claim", "{\"service_id\":\"p2\"}").expectProblem(ProblemType.NOT_CLAIMABLE);
        assertThat(conflict.path("current_status").asText()).isEqualTo("processing");
        api.post("/api/v1/tasks/0190a0a0-0000-7000-8000-000000000000/claim", "").expectProblem(404);
    }

    @Test
    void heartbeat_extendsTheLease_reportsProgress_andAcceptsTheLeaseTokenHeader() {
        String type = newType();
        create(type, "\"lease_seconds\":30");
        JsonNode claimed = claimOne(type, "w");
        String token = claimed.path("lease_token").asText();

        JsonNode beat = api.post(taskPath(claimed) + "/heartbeat", "{\"progress\":30,\"state\":\"Halfway\",\"lease_seconds\":600,"
                + "\"metadata\":{\"step\":2}}", "Lease-Token", token).expect(200);

        assertThat(beat.path("progress").asInt()).isEqualTo(30);
        assertThat(beat.path("state").asText()).isEqualTo("Halfway");
        assertThat(beat.path("metadata").path("step").asInt()).isEqualTo(2);
        assertThat(beat.path("lease_token").asText()).isEqualTo(token);
        assertThat(Instant.parse(beat.path("lease_expires_at").asText()))
                .isAfter(Instant.parse(claimed.path("lease_expires_at").asText()));
        api.post(taskPath(claimed) + "/heartbeat", "{\"progress\":101}", "Lease-Token", token).expectProblem(422);
    }

    @Test
    void heartbeat_ofACancelledTask_is409WithCurrentStatusCancelled() {
        String type = newType();
        create(type, "");
        JsonNode claimed = claimOne(type, "w");
        api.post(taskPath(claimed) + "/cancel", "").expect(200);

        JsonNode conflict = api.post(taskPath(claimed) + "/heartbeat", "{\"lease_token\":\""
                + claimed.path("lease_token").asText() + "\"}").expectProblem(ProblemType.TASK_CANCELLED);

        assertThat(conflict.path("current_status").asText()).isEqualTo("cancelled");
    }

    @Test
    void complete_withoutAResultMember_storesTheWholeBody_asSeed001sServerDoes() {
        String type = newType();
        create(type, "");
        JsonNode claimed = claimOne(type, "w");

        api.post(taskPath(claimed) + "/complete", "{\"generated_text\":\"hello\",\"metadata\":{\"tokens_used\":150}}").expect(200);

        assertThat(api.get(taskPath(claimed) + "/result").expect(200).path("result"))
                .isEqualTo(Reply.tree("{\"generated_text\":\"hello\",\"metadata\":{\"tokens_used\":150}}"));
    }

    @Test
    void complete_ofAPendingTask_is409WithTheCurrentStatus_andResultBeforeCompletionIs404() {
        JsonNode task = create(newType(), "");

        assertThat(api.post(taskPath(task) + "/complete", "{\"result\":1}").expectProblem(ProblemType.NOT_PROCESSING).path("current_status").asText())
                .isEqualTo("pending");
        api.get(taskPath(task) + "/result").expectProblem(404);
    }

    @Test
    void fail_withAttemptsLeft_requeuesWithBackoff_andWithoutRetryFails() {
        String type = newType();
        create(type, "\"max_attempts\":3");
        JsonNode first = claimOne(type, "w");

        JsonNode requeued = api.post(taskPath(first) + "/fail", "{\"message\":\"timeout\",\"retry_in_seconds\":0}").expect(200);
        assertThat(requeued.path("status").asText()).isEqualTo("pending");
        assertThat(requeued.path("error").asText()).isEqualTo("timeout");

        JsonNode second = claimOne(type, "w");
        JsonNode failed = api.post(taskPath(second) + "/fail", "{\"error\":\"bad input\",\"retryable\":false,\"lease_token\":\""
                + second.path("lease_token").asText() + "\"}").expect(200);
        assertThat(failed.path("status").asText()).isEqualTo("failed");
        assertThat(failed.path("retry_count").asInt()).isEqualTo(2);
        assertThat(failed.path("error").asText()).isEqualTo("bad input");
        api.post(taskPath(second) + "/fail", "{\"error\":\"again\"}").expectProblem(ProblemType.NOT_PROCESSING);
    }

    @Test
    void release_handsBackAnUnstartedTask_readyAtOnce_withoutCountingTheAttempt() {
        String type = newType();
        JsonNode created = create(type, "\"max_attempts\":1");
        JsonNode claimed = claimOne(type, "prefetcher");
        String token = claimed.path("lease_token").asText();

        JsonNode released = api.post(taskPath(claimed) + "/release", "{\"lease_token\":\"" + token + "\"}").expect(200);

        assertThat(released.path("status").asText()).isEqualTo("pending");
        assertThat(released.path("retry_count").asInt()).isZero();
        assertThat(released.has("worker")).isFalse();
        assertThat(released.has("started_at")).isFalse();
        assertThat(api.get(taskPath(claimed) + "/events").expect(200).path("events").get(0).path("detail").toString())
                .contains("released unstarted by its worker");
        // ready at once, and with max_attempts 1 it can still be claimed and completed
        JsonNode again = claimOne(type, "another");
        assertThat(again.path("id")).isEqualTo(created.path("id"));
        assertThat(again.path("retry_count").asInt()).isEqualTo(1);
        api.post(taskPath(again) + "/complete", "").expect(200);
    }

    @Test
    void release_needsTheCurrentLeaseToken_andAProcessingTask() {
        String type = newType();
        create(type, "");
        JsonNode claimed = claimOne(type, "w");

        api.post(taskPath(claimed) + "/release", "").expectProblem(422);
        api.post(taskPath(claimed) + "/release", "{\"lease_token\":\"not-the-token\"}").expectProblem(ProblemType.LEASE_LOST);
        JsonNode byHeader = api.post(taskPath(claimed) + "/release", "", "Lease-Token", claimed.path("lease_token").asText()).expect(200);
        assertThat(byHeader.path("status").asText()).isEqualTo("pending");
        JsonNode twice = api.post(taskPath(claimed) + "/release", "{\"lease_token\":\"" + claimed.path("lease_token").asText() + "\"}")
                .expectProblem(ProblemType.NOT_PROCESSING);
        assertThat(twice.path("current_status").asText()).isEqualTo("pending");
        api.post("/api/v1/tasks/0190a0a0-0000-7000-8000-000000000000/release", "{\"lease_token\":\"x\"}").expectProblem(404);
    }

    @Test
    void retry_atTheColonAliasAndTheSlashPath_requeuesFailedOrCancelledTasks_withRetryCountZero() {
        String type = newType();
        create(type, "\"max_attempts\":1");
        JsonNode claimed = claimOne(type, "w");
        api.post(taskPath(claimed) + "/fail", "{\"error\":\"x\"}").expect(200);

        JsonNode retried = api.post(taskPath(claimed) + ":retry", "").expect(200);
        assertThat(retried.path("status").asText()).isEqualTo("pending");
        assertThat(retried.path("retry_count").asInt()).isZero();
        assertThat(api.post(taskPath(claimed) + ":retry", "").expectProblem(ProblemType.NOT_RETRYABLE).path("current_status").asText()).isEqualTo("pending");

        api.post(taskPath(claimed) + "/cancel", "").expect(200);
        assertThat(api.post(taskPath(claimed) + "/retry", "").expect(200).path("status").asText()).isEqualTo("pending");
        api.post("/api/v1/tasks/not-a-uuid:retry", "").expectProblem(404);
    }

    @Test
    void cancel_setsTheSeed002State_andCancellingAFinishedTaskIs409() {
        JsonNode task = create(newType(), "");

        JsonNode cancelled = api.post(taskPath(task) + "/cancel", "").expect(200);
        assertThat(cancelled.path("status").asText()).isEqualTo("cancelled");
        assertThat(cancelled.path("state").asText()).isEqualTo("Cancelled by user");
        assertThat(api.post(taskPath(task) + "/cancel", "").expectProblem(ProblemType.NOT_CANCELLABLE).path("current_status").asText()).isEqualTo("cancelled");
    }

    @Test
    void events_listTheLifecycleNewestFirst_withActors() {
        String type = newType();
        create(type, "");
        JsonNode claimed = claimOne(type, "w9");
        api.post(taskPath(claimed) + "/complete", "{\"result\":null}").expect(200);

        JsonNode events = api.get(taskPath(claimed) + "/events").expect(200).path("events");

        assertThat(events).extracting(e -> e.path("status").asText()).containsExactly("completed", "processing", "pending");
        assertThat(events).extracting(e -> e.path("actor").asText()).containsExactly("WORKER:w9", "WORKER:w9", "API");
        JsonNode task = api.get(taskPath(claimed)).expect(200);
        assertThat(events).extracting(e -> e.path("created_at").asText())
                .as("each event at the time of its change")
                .containsExactly(task.path("finished_at").asText(), task.path("started_at").asText(), task.path("created_at").asText());
    }

    @Test
    void longPollClaim_returnsPromptlyWhenATaskIsCreatedDuringTheWait() throws Exception {
        String type = newType();
        CompletableFuture<Reply> waiting = api.postAsync("/api/v1/tasks/claim", "{\"types\":[\"" + type + "\"],\"worker\":\"w\","
                + "\"wait_seconds\":20}");
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !waiting.isDone());

        long createdAt = System.nanoTime();
        JsonNode task = create(type, "");
        Reply reply = waiting.get(10, TimeUnit.SECONDS);

        assertThat(Duration.ofNanos(System.nanoTime() - createdAt)).isLessThan(Duration.ofSeconds(3));
        assertThat(reply.expect(200).path("tasks")).extracting(t -> t.path("id").asText()).containsExactly(task.path("id").asText());
    }

    @Test
    void longPollClaim_withNothingReady_answersAnEmptyListWhenTheWaitEnds_andRefusesWaitsOver30Seconds() {
        long start = System.nanoTime();
        JsonNode empty = api.post("/api/v1/tasks/claim", "{\"types\":[\"" + newType() + "\"],\"wait_seconds\":1}").expect(200);

        assertThat(empty.path("tasks").size()).isZero();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        api.post("/api/v1/tasks/claim", "{\"wait_seconds\":31}").expectProblem(422);
        api.post("/api/v1/tasks/claim", "{\"limit\":0}").expectProblem(422);
    }

    @Test
    void anExpiredLease_isRescuedToPending_andTheOldWorkersLateCompleteIs409LeaseLost() {
        String type = newType();
        create(type, "\"lease_seconds\":1");
        JsonNode first = claimOne(type, "slow");

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> api.get(taskPath(first)).expect(200).path("status").asText().equals("pending"));
        JsonNode rescued = api.get(taskPath(first)).expect(200);
        assertThat(rescued.path("error").asText()).contains("lease expired");
        assertThat(api.get(taskPath(first) + "/events").expect(200).path("events").get(0).path("actor").asText()).isEqualTo("SYSTEM");

        JsonNode second = claimOne(type, "fast");
        JsonNode lost = api.post(taskPath(first) + "/complete", "{\"lease_token\":\"" + first.path("lease_token").asText()
                + "\",\"result\":{\"late\":true}}").expectProblem(ProblemType.LEASE_LOST);
        assertThat(lost.path("current_status").asText()).isEqualTo("processing");
        assertThat(lost.path("detail").asText()).contains("lease lost");
        api.post(taskPath(second) + "/complete", "", "Lease-Token", second.path("lease_token").asText()).expect(200);
    }

    @Test
    void nulCharacters_roundTripIntactInPayloadMetadataResultAndError() {
        String type = newType();
        JsonNode task = create(type, "\"payload\":{\"s\":\"a\\u0000b\",\"k\\u0000\":1},\"metadata\":{\"m\":\"\\u0000\"}");
        assertThat(task.path("payload").path("s").asText()).isEqualTo("a\u0000b");

        JsonNode read = api.get(taskPath(task)).expect(200);
        assertThat(read.path("payload").path("s").asText()).isEqualTo("a\u0000b");
        assertThat(read.path("payload").has("k\u0000")).isTrue();
        assertThat(read.path("metadata").path("m").asText()).isEqualTo("\u0000");

        JsonNode claimed = claimOne(type, "w");
        api.post(taskPath(claimed) + "/fail", "{\"error\":\"bad \\u0000 byte\",\"retry_in_seconds\":0}").expect(200);
        assertThat(api.get(taskPath(task)).expect(200).path("error").asText()).isEqualTo("bad \u0000 byte");
        JsonNode again = claimOne(type, "w");
        api.post(taskPath(again) + "/complete", "{\"result\":{\"out\":\"x\\u0000y\"}}").expect(200);
        assertThat(api.get(taskPath(task) + "/result").expect(200).path("result").path("out").asText()).isEqualTo("x\u0000y");
    }
}
