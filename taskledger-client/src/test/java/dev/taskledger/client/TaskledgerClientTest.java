package dev.taskledger.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskledger.protocol.CreateTaskRequest;
import dev.taskledger.protocol.CreatedTaskIdsDto;
import dev.taskledger.protocol.ProblemType;
import dev.taskledger.protocol.EventDto;
import dev.taskledger.protocol.Json;
import dev.taskledger.protocol.BulkRequest;
import dev.taskledger.protocol.BulkResultDto;
import dev.taskledger.protocol.EventListDto;
import dev.taskledger.protocol.LimitDto;
import dev.taskledger.protocol.LimitRequest;
import dev.taskledger.protocol.StatsDto;
import dev.taskledger.protocol.TaskDto;
import dev.taskledger.protocol.TaskPageDto;
import dev.taskledger.protocol.UpdateTaskRequest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Every queue call of {@link TaskledgerClient} against a real in-process server (SQLite). */
class TaskledgerClientTest extends SharedServerTest {

    @Test
    void create_returnsTheTask_andAnIdempotentRepeatReturnsTheSameTask() {
        String type = TestServer.newType();
        TaskDto first = client.create(NewTask.of(type).payload(Map.of("n", 1)).metadata(Map.of("repo", "x"))
                .tag("service", "mail").priority(5).maxAttempts(7).leaseSeconds(60).idempotencyKey("key-1").build());
        TaskDto again = client.create(NewTask.of(type).payload(Map.of("n", 2)).idempotencyKey("key-1").build());

        assertThat(first.status()).isEqualTo("pending");
        assertThat(first.payload()).isEqualTo("{\"n\":1}");
        assertThat(first.metadata()).isEqualTo("{\"repo\":\"x\"}");
        assertThat(first.tags()).containsEntry("service", "mail");
        assertThat(first.priority()).isEqualTo(5);
        assertThat(first.maxAttempts()).isEqualTo(7);
        assertThat(first.leaseSeconds()).isEqualTo(60);
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(again.payload()).isEqualTo("{\"n\":1}");
    }

    @Test
    void createBatch_createsAllInOrder_andGetReadsOneBack() {
        String type = TestServer.newType();
        List<TaskDto> tasks = client.createBatch(IntStream.range(0, 5)
                .mapToObj(i -> NewTask.of(type).payload(Map.of("i", i)).build()).toList());

        assertThat(tasks).hasSize(5);
        assertThat(tasks).extracting(TaskDto::payload).containsExactly("{\"i\":0}", "{\"i\":1}", "{\"i\":2}", "{\"i\":3}", "{\"i\":4}");
        assertThat(client.get(tasks.get(3).id()).payload()).isEqualTo("{\"i\":3}");
    }

    @Test
    void createBatchIds_answersIdsInOrder_createdOnlyTheFirstTime() {
        String type = TestServer.newType();
        List<CreateTaskRequest> requests = IntStream.range(0, 3)
                .mapToObj(i -> NewTask.of(type).payload(Map.of("i", i)).idempotencyKey(type + "-" + i).build()).toList();

        List<CreatedTaskIdsDto.CreatedTaskId> first = client.createBatchIds(requests);
        List<CreatedTaskIdsDto.CreatedTaskId> again = client.createBatchIds(requests);

        assertThat(first).hasSize(3).allSatisfy(c -> assertThat(c.created()).isTrue());
        assertThat(first).extracting(c -> client.get(c.id()).payload()).containsExactly("{\"i\":0}", "{\"i\":1}", "{\"i\":2}");
        assertThat(again).extracting(CreatedTaskIdsDto.CreatedTaskId::id)
                .containsExactlyElementsOf(first.stream().map(CreatedTaskIdsDto.CreatedTaskId::id).toList());
        assertThat(again).noneSatisfy(c -> assertThat(c.created()).isTrue());
    }

    @Test
    void update_mergesFields_andAStaleIfMatchIsAPreconditionFailure() {
        TaskDto task = client.create(TestServer.newType(), Map.of());
        TaskDto updated = client.update(task.id(), new UpdateTaskRequest("Reviewing", 40, "{\"step\":2}", Map.of("k", "v"), 9, null),
                task.version());

        assertThat(updated.state()).isEqualTo("Reviewing");
        assertThat(updated.progress()).isEqualTo(40);
        assertThat(updated.metadata()).contains("\"step\":2");
        assertThat(updated.tags()).containsEntry("k", "v");
        assertThat(updated.priority()).isEqualTo(9);
        assertThat(updated.version()).isGreaterThan(task.version());
        assertThatThrownBy(() -> client.update(task.id(), new UpdateTaskRequest("late", null, null, null, null, null), task.version()))
                .isInstanceOf(PreconditionFailedException.class)
                .satisfies(e -> assertThat(((TaskledgerException) e).status()).isEqualTo(412));
        assertThat(client.update(task.id(), new UpdateTaskRequest("no check", null, null, null, null, null)).state()).isEqualTo("no check");
    }

    @Test
    void delete_removesTheTask_soGetIsNotFound() {
        TaskDto task = client.create(TestServer.newType(), Map.of());
        client.delete(task.id());

        assertThatThrownBy(() -> client.get(task.id())).isInstanceOf(NotFoundException.class)
                .satisfies(e -> {
                    TaskledgerException t = (TaskledgerException) e;
                    assertThat(t.status()).isEqualTo(404);
                    assertThat(t.title()).isEqualTo("Not found");
                    assertThat(t.detail()).contains(task.id());
                });
    }

    @Test
    void list_filtersAndPages_andListAllFollowsTheCursor() {
        String type = TestServer.newType();
        List<TaskDto> created = client.createBatch(IntStream.range(0, 5)
                .mapToObj(i -> NewTask.of(type).tag("batch", i % 2 == 0 ? "even" : "odd").build()).toList());

        TaskPageDto first = client.list(TaskFilter.PENDING.withType(type).withLimit(2), null);
        assertThat(first.tasks()).hasSize(2);
        assertThat(first.nextCursor()).isNotNull();
        assertThat(client.listAll(TaskFilter.PENDING.withType(type).withLimit(2)).map(TaskDto::id))
                .containsExactlyElementsOf(created.stream().map(TaskDto::id).toList());
        assertThat(client.listAll(TaskFilter.status("pending").withType(type).withTag("batch", "even"))).hasSize(3);
        assertThat(client.listAll(TaskFilter.status("completed").withType(type))).isEmpty();
        assertThat(client.listAll(TaskFilter.PENDING.withType(type).createdBetween(Instant.now().plusSeconds(60), null))).isEmpty();
        assertThat(client.listAll(TaskFilter.PENDING.withType(type).sortedBy("created_at", "desc")).map(TaskDto::id))
                .containsExactlyElementsOf(created.reversed().stream().map(TaskDto::id).toList());
    }

    @Test
    void list_byIdempotencyKey_findsTheTaskOfAnyStatus() {
        String type = TestServer.newType();
        TaskDto task = client.create(NewTask.of(type).idempotencyKey("find-" + type).build());
        client.cancel(task.id());

        assertThat(client.listAll(TaskFilter.PENDING.withIdempotencyKey("find-" + type)).map(TaskDto::id)).containsExactly(task.id());
        assertThat(client.listAll(TaskFilter.status("pending").withIdempotencyKey("find-" + type))).isEmpty();
    }

    @Test
    void limits_putListAndDelete_andAClaimHonoursThem() {
        String type = TestServer.newType();
        LimitDto put = client.putLimit(type, "cust-1", 1, new LimitRequest.Rate(100, 60));
        assertThat(put.maxRunning()).isEqualTo(1);
        assertThat(put.rate().count()).isEqualTo(100);
        client.createBatch(IntStream.range(0, 3).mapToObj(i -> NewTask.of(type).concurrencyKey("cust-1").build()).toList());

        List<TaskDto> claimed = client.claim(List.of(type), 3, "w1", null, null);

        assertThat(claimed).hasSize(1);
        assertThat(claimed.getFirst().concurrencyKey()).isEqualTo("cust-1");
        LimitDto listed = client.limits().stream().filter(l -> type.equals(l.type())).findFirst().orElseThrow();
        assertThat(listed.running()).isEqualTo(1);
        assertThat(listed.startedInPeriod()).isEqualTo(1);
        assertThatThrownBy(() -> client.putLimit(type, null, -1, null)).isInstanceOf(ValidationException.class);
        client.deleteLimit(type, "cust-1");
        assertThatThrownBy(() -> client.deleteLimit(type, "cust-1")).isInstanceOf(NotFoundException.class);
        assertThat(client.claim(List.of(type), 3, "w1", null, null)).hasSize(2);
    }

    @Test
    void claim_takesUpToLimitWithLeaseTokens_andCompleteStoresTheResult() {
        String type = TestServer.newType();
        client.createBatch(IntStream.range(0, 3).mapToObj(i -> NewTask.of(type).build()).toList());

        List<TaskDto> claimed = client.claim(List.of(type), 2, "w1", 30, null);
        assertThat(claimed).hasSize(2).allSatisfy(t -> {
            assertThat(t.status()).isEqualTo("processing");
            assertThat(t.leaseToken()).isNotBlank();
            assertThat(t.worker()).isEqualTo("w1");
        });
        TaskDto task = claimed.getFirst();
        TaskDto beat = client.heartbeat(task.id(), task.leaseToken());
        assertThat(beat.leaseExpiresAt()).isAfterOrEqualTo(task.leaseExpiresAt());

        TaskDto done = client.complete(task.id(), task.leaseToken(), Map.of("sent", true));
        assertThat(done.status()).isEqualTo("completed");
        assertThat(client.result(task.id()).result()).isEqualTo("{\"sent\":true}");
        assertThat(client.events(task.id())).extracting(EventDto::status).startsWith("completed", "processing");
    }

    @Test
    void claim_withWait_returnsAsSoonAsATaskIsCreated() throws Exception {
        String type = TestServer.newType();
        CompletableFuture<List<TaskDto>> waiting = CompletableFuture.supplyAsync(
                () -> client.claim(List.of(type), 1, "w", null, Duration.ofSeconds(20)));
        // the claim is held by the server, not answered empty
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !waiting.isDone());
        long start = System.nanoTime();
        TaskDto created = client.create(type, Map.of());

        List<TaskDto> claimed = waiting.get();
        assertThat(claimed).extracting(TaskDto::id).containsExactly(created.id());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void claimById_claimsThatTask_andASecondClaimIsAConflictWithTheCurrentStatus() {
        TaskDto task = client.create(TestServer.newType(), Map.of());
        TaskDto claimed = client.claim(task.id(), "w1", null);

        assertThat(claimed.status()).isEqualTo("processing");
        assertThatThrownBy(() -> client.claim(task.id(), "w2", null)).isInstanceOf(ConflictException.class)
                .satisfies(e -> assertThat(((ConflictException) e).currentStatus()).isEqualTo("processing"))
                .satisfies(e -> assertThat(((ConflictException) e).reason()).isEqualTo(ProblemType.NOT_CLAIMABLE));
    }

    @Test
    void completeWithAnotherLeaseToken_isLeaseLost() {
        TaskDto task = client.create(TestServer.newType(), Map.of());
        TaskDto claimed = client.claim(task.id(), "w1", null);

        assertThatThrownBy(() -> client.complete(claimed.id(), "not-the-token", null)).isInstanceOf(LeaseLostException.class)
                .satisfies(e -> assertThat(((LeaseLostException) e).currentStatus()).isEqualTo("processing"));
    }

    @Test
    void fail_retryable_goesBackToPending_nonRetryable_fails_andRetryRequeues() {
        String type = TestServer.newType();
        TaskDto task = client.create(NewTask.of(type).maxAttempts(3).build());
        TaskDto first = client.claim(task.id(), "w", null);

        TaskDto again = client.fail(first.id(), first.leaseToken(), "boom", true, Duration.ZERO);
        assertThat(again.status()).isEqualTo("pending");
        assertThat(again.error()).isEqualTo("boom");

        TaskDto second = client.claim(task.id(), "w", null);
        TaskDto failed = client.fail(second.id(), second.leaseToken(), "bad input", false, null);
        assertThat(failed.status()).isEqualTo("failed");

        TaskDto retried = client.retry(task.id());
        assertThat(retried.status()).isEqualTo("pending");
        assertThat(retried.retryCount()).isZero();
    }

    @Test
    void cancel_cancelsAProcessingTask_andTheHeartbeatSaysCancelled() {
        TaskDto task = client.create(TestServer.newType(), Map.of());
        TaskDto claimed = client.claim(task.id(), "w", null);

        assertThat(client.cancel(task.id()).status()).isEqualTo("cancelled");
        assertThatThrownBy(() -> client.heartbeat(claimed.id(), claimed.leaseToken())).isInstanceOf(ConflictException.class)
                .satisfies(e -> assertThat(((ConflictException) e).isCancelled()).isTrue())
                .satisfies(e -> assertThat(((ConflictException) e).reason()).isEqualTo(ProblemType.TASK_CANCELLED));
        assertThatThrownBy(() -> client.cancel(task.id())).isInstanceOf(ConflictException.class)
                .satisfies(e -> assertThat(((ConflictException) e).reason()).isEqualTo(ProblemType.NOT_CANCELLABLE));
    }

    @Test
    void stats_countsPerTypeAndStatus_andHealthIsOk() {
        String type = TestServer.newType();
        client.createBatch(List.of(NewTask.of(type).build(), NewTask.of(type).build()));

        StatsDto stats = client.stats();
        assertThat(stats.counts()).anySatisfy(c -> {
            assertThat(c.type()).isEqualTo(type);
            assertThat(c.status()).isEqualTo("pending");
            assertThat(c.count()).isEqualTo(2);
        });
        assertThat(client.health().status()).isEqualTo("ok");
    }

    @Test
    void bulk_previewsThenCancels_andTheOperatorViewsAnswer() {
        String type = TestServer.newType();
        client.createBatch(List.of(NewTask.of(type).build(), NewTask.of(type).build()));
        BulkRequest.Filter pending = new BulkRequest.Filter("pending", type, null, null, null);

        BulkResultDto preview = client.bulk(BulkAction.CANCEL, pending, true);
        assertThat(preview.matched()).isEqualTo(2);
        assertThat(preview.applied()).isZero();
        BulkResultDto done = client.bulk(BulkAction.CANCEL, pending, false);
        assertThat(done.applied()).isEqualTo(2);
        assertThat(client.bulk(BulkAction.DELETE, new BulkRequest.Filter("cancelled", type, null, null, null), false).applied())
                .isEqualTo(2);

        assertThat(client.throughput().minutes()).hasSize(60);
        assertThat(client.workers().workers()).isNotNull();
        assertThat(client.whoami().tenant()).isEqualTo("acme");
        TaskDto task = client.create(type, Map.of());
        EventListDto events = client.events(task.id(), 1, null);
        assertThat(events.events()).hasSize(1);
        assertThat(events.nextCursor()).isNull();
    }

    @Test
    void completeAll_judgesEachItemOnItsOwn() {
        String type = TestServer.newType();
        client.createBatch(IntStream.range(0, 3).mapToObj(i -> NewTask.of(type).build()).toList());
        List<TaskDto> claimed = client.claim(List.of(type), 3, "w", null, null);
        client.cancel(claimed.get(2).id());

        var outcomes = client.completeAll(List.of(
                new dev.taskledger.protocol.batch.CompleteTasksRequest.Completion(claimed.get(0).id(), claimed.get(0).leaseToken(), "{\"r\":0}"),
                new dev.taskledger.protocol.batch.CompleteTasksRequest.Completion(claimed.get(1).id(), "stale", null),
                new dev.taskledger.protocol.batch.CompleteTasksRequest.Completion(claimed.get(2).id(), claimed.get(2).leaseToken(), null),
                new dev.taskledger.protocol.batch.CompleteTasksRequest.Completion("0190c5a0-0000-7000-8000-000000000000", "x", null)));

        assertThat(outcomes).extracting(o -> o.outcome()).containsExactly("ok", "lease_lost", "conflict", "not_found");
        assertThat(outcomes.get(2).currentStatus()).isEqualTo("cancelled");
        assertThat(outcomes).extracting(o -> o.problemType())
                .containsExactly(null, ProblemType.LEASE_LOST, ProblemType.TASK_CANCELLED, ProblemType.NOT_FOUND);
        assertThat(client.get(claimed.get(0).id()).status()).isEqualTo("completed");
        assertThat(client.result(claimed.get(0).id()).result()).isEqualTo("{\"r\":0}");
        assertThat(client.events(claimed.get(0).id()).getFirst().status()).isEqualTo("completed");
        assertThat(client.get(claimed.get(1).id()).status()).isEqualTo("processing");
    }

    @Test
    void heartbeatAll_extendsLeases_andReportsCancelledTasks() {
        String type = TestServer.newType();
        client.createBatch(IntStream.range(0, 2).mapToObj(i -> NewTask.of(type).build()).toList());
        List<TaskDto> claimed = client.claim(List.of(type), 2, "w", 5, null);
        client.cancel(claimed.get(1).id());

        var outcomes = client.heartbeatAll(claimed.stream()
                .map(t -> new dev.taskledger.protocol.batch.HeartbeatTasksRequest.Beat(t.id(), t.leaseToken(), 60)).toList());

        assertThat(outcomes.get(0).isOk()).isTrue();
        assertThat(outcomes.get(0).leaseExpiresAt()).isAfter(Instant.now().plusSeconds(30));
        assertThat(outcomes.get(1).outcome()).isEqualTo("conflict");
        assertThat(outcomes.get(1).currentStatus()).isEqualTo("cancelled");
        assertThat(outcomes.get(1).type()).isEqualTo("urn:taskledger:problem:task-cancelled");
    }

    @Test
    void aServerWithoutABatchEndpoint_isToldApartByStatus_andATaskThatIsGoneIsNot() {
        Transport transport = new Transport(java.net.http.HttpClient.newHttpClient(), java.net.URI.create(server.baseUrl()),
                TestServer.ACME_KEY, null, Duration.ofSeconds(10));
        Transport.Call unrouted = new Transport.Call("POST", "/api/v1/tasks/complete-all").json(Map.of("completions", List.of()));
        Transport.Call notAllowed = new Transport.Call("PUT", "/api/v1/tasks/heartbeat").json(Map.of("heartbeats", List.of()));

        assertThatThrownBy(() -> transport.send(unrouted, Void.class)).isInstanceOfSatisfying(TaskledgerException.class,
                e -> assertThat(Reporter.isMissingEndpoint(e)).as("%s", e).isTrue());
        assertThatThrownBy(() -> transport.send(notAllowed, Void.class)).isInstanceOfSatisfying(TaskledgerException.class,
                e -> assertThat(Reporter.isMissingEndpoint(e)).as("%s", e).isTrue());
        String type = TestServer.newType();
        TaskDto task = client.create(NewTask.of(type).build());
        client.cancel(task.id());
        assertThatThrownBy(() -> client.heartbeat(task.id(), "x")).isInstanceOfSatisfying(TaskledgerException.class,
                e -> assertThat(Reporter.isMissingEndpoint(e)).as("%s", e).isFalse());
    }

    @Test
    void errors_areTyped() {
        assertThatThrownBy(() -> server.client("wrong-key").stats()).isInstanceOf(UnauthorizedException.class);
        assertThatThrownBy(() -> client.create(NewTask.of(TestServer.newType()).priority(1_000_000).build()))
                .isInstanceOf(ValidationException.class)
                .satisfies(e -> assertThat(((TaskledgerException) e).detail()).contains("priority"));
        TaskledgerClient nowhere = TaskledgerClient.builder().baseUrl("http://127.0.0.1:1").connectTimeout(Duration.ofSeconds(1)).build();
        assertThatThrownBy(nowhere::health).isInstanceOf(TransportException.class);
    }

    @Test
    void anAdminKey_actsForTheTenantItNames_andTenantsDoNotSeeEachOther() {
        TaskDto task = client.create(TestServer.newType(), Map.of());
        TaskledgerClient admin = TaskledgerClient.builder().baseUrl(server.baseUrl()).apiKey(TestServer.ADMIN_KEY).tenant("acme").build();

        assertThat(admin.get(task.id()).id()).isEqualTo(task.id());
        assertThatThrownBy(() -> server.client(TestServer.GLOBEX_KEY).get(task.id())).isInstanceOf(NotFoundException.class);
    }

    @Test
    void payloadsRoundTripAsJson() throws Exception {
        TaskDto task = client.create(NewTask.of(TestServer.newType()).payloadJson("{\"text\":\"a\\u0000b\",\"n\":1.50}").build());
        JsonNode payload = Json.mapper().readTree(client.get(task.id()).payload());
        assertThat(payload.path("text").asText()).isEqualTo("a\u0000b");
        assertThat(payload.path("n").decimalValue()).isEqualByComparingTo("1.50");
    }
}
