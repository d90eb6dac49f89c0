package dev.taskledger.embedded;

import dev.taskledger.client.ConflictException;
import dev.taskledger.client.LeaseLostException;
import dev.taskledger.client.NewTask;
import dev.taskledger.client.NotFoundException;
import dev.taskledger.client.PreconditionFailedException;
import dev.taskledger.client.TaskFilter;
import dev.taskledger.client.TaskledgerClient;
import dev.taskledger.client.ValidationException;
import dev.taskledger.client.Worker;
import dev.taskledger.protocol.CreateTaskRequest;
import dev.taskledger.protocol.CreatedTaskIdsDto;
import dev.taskledger.protocol.EventDto;
import dev.taskledger.protocol.ProblemType;
import dev.taskledger.protocol.TaskDto;
import dev.taskledger.protocol.TaskPageDto;
import dev.taskledger.protocol.UpdateTaskRequest;
import dev.taskledger.protocol.batch.BatchOutcomesDto;
import dev.taskledger.protocol.batch.CompleteTasksRequest;
import dev.taskledger.protocol.batch.HeartbeatTasksRequest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * What a {@link TaskledgerClient} does, whichever backend serves it: run by the embedded client (SQLite, PostgreSQL)
 * and by the HTTP client against the real server, so both modes are held to the same answers and the same typed
 * errors. Each subclass's node rescues expired leases every 100 ms.
 */
abstract class ClientContract {

    /** The client under test, acting for one tenant. */
    abstract TaskledgerClient client();

    static String newType() {
        return "t-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void create_returnsTheTask_andAnIdempotentRepeatReturnsTheSameTask() {
        String type = newType();
        TaskDto first = client().create(NewTask.of(type).payload(Map.of("n", 1)).metadata(Map.of("repo", "x"))
                .tag("service", "mail").priority(5).maxAttempts(7).leaseSeconds(60).idempotencyKey("key-" + type).build());
        TaskDto again = client().create(NewTask.of(type).payload(Map.of("n", 2)).idempotencyKey("key-" + type).build());

        assertThat(first.status()).isEqualTo("pending");
        assertThat(first.payload()).isEqualTo("{\"n\":1}");
        assertThat(first.metadata()).isEqualTo("{\"repo\":\"x\"}");
        assertThat(first.tags()).containsEntry("service", "mail");
        assertThat(first.priority()).isEqualTo(5);
        assertThat(first.maxAttempts()).isEqualTo(7);
        assertThat(first.leaseToken()).isNull();
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(again.payload()).isEqualTo("{\"n\":1}");
    }

    @Test
    void createBatch_createsAllInOrder_andBatchIdsAreCreatedOnlyOnce() {
        String type = newType();
        List<TaskDto> tasks = client().createBatch(IntStream.range(0, 5)
                .mapToObj(i -> NewTask.of(type).payload(Map.of("i", i)).build()).toList());
        assertThat(tasks).extracting(TaskDto::payload).containsExactly("{\"i\":0}", "{\"i\":1}", "{\"i\":2}", "{\"i\":3}", "{\"i\":4}");
        assertThat(client().get(tasks.get(3).id()).payload()).isEqualTo("{\"i\":3}");

        var requests = IntStream.range(0, 3).mapToObj(i -> NewTask.of(type).idempotencyKey(type + "-" + i).build()).toList();
        List<CreatedTaskIdsDto.CreatedTaskId> first = client().createBatchIds(requests);
        List<CreatedTaskIdsDto.CreatedTaskId> again = client().createBatchIds(requests);
        assertThat(first).hasSize(3).allSatisfy(c -> assertThat(c.created()).isTrue());
        assertThat(again).extracting(CreatedTaskIdsDto.CreatedTaskId::id)
                .containsExactlyElementsOf(first.stream().map(CreatedTaskIdsDto.CreatedTaskId::id).toList());
        assertThat(again).noneSatisfy(c -> assertThat(c.created()).isTrue());
    }

    @Test
    void invalidInput_isAValidationException_andAnUnknownOrMalformedIdIsNotFound() {
        assertThatThrownBy(() -> client().create(NewTask.of(" ").build())).isInstanceOf(ValidationException.class)
                .satisfies(e -> assertThat(((ValidationException) e).status()).isIn(400, 422));
        assertThatThrownBy(() -> client().get(UUID.randomUUID().toString())).isInstanceOf(NotFoundException.class)
                .satisfies(e -> assertThat(((NotFoundException) e).type()).isEqualTo(ProblemType.NOT_FOUND.uri()));
        assertThatThrownBy(() -> client().get("not-a-task-id")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> client().list(TaskFilter.status("sleeping"), null)).isInstanceOf(ValidationException.class);
    }

    @Test
    void update_mergesFields_andAStaleVersionIsAPreconditionFailure() {
        TaskDto task = client().create(NewTask.of(newType()).build());
        TaskDto updated = client().update(task.id(), new UpdateTaskRequest("half", 50, null, null, null, null), task.version());
        assertThat(updated.progress()).isEqualTo(50);
        assertThat(updated.state()).isEqualTo("half");
        assertThatThrownBy(() -> client().update(task.id(), new UpdateTaskRequest(null, 60, null, null, null, null), task.version()))
                .isInstanceOf(PreconditionFailedException.class);
    }

    @Test
    void list_filtersByTypeAndStatus_andPagesWithTheCursor() {
        String type = newType();
        client().createBatch(IntStream.range(0, 5).mapToObj(i -> NewTask.of(type).tag("n", String.valueOf(i)).build()).toList());
        TaskPageDto page = client().list(TaskFilter.PENDING.withType(type).withLimit(2), null);
        assertThat(page.tasks()).hasSize(2);
        assertThat(page.nextCursor()).isNotNull();
        assertThat(client().listAll(TaskFilter.PENDING.withType(type).withLimit(2))).hasSize(5);
        assertThat(client().list(TaskFilter.PENDING.withType(type).withTag("n", "3"), null).tasks()).hasSize(1);
        assertThat(client().list(TaskFilter.status("completed").withType(type), null).tasks()).isEmpty();
    }

    @Test
    void createStream_createsEveryTaskInOrder_andRefusesAWorkflowNamingItsLine() {
        String type = newType();
        List<CreateTaskRequest> requests = IntStream.range(0, 250).mapToObj(i -> NewTask.of(type).payload(Map.of("i", i)).build()).toList();
        List<CreatedTaskIdsDto.CreatedTaskId> ids = client().createStream(requests);
        assertThat(ids).hasSize(250).allSatisfy(c -> assertThat(c.created()).isTrue());
        assertThat(client().get(ids.get(249).id()).payload()).isEqualTo("{\"i\":249}");
        var withParent = NewTask.of(type).dependsOn(List.of(ids.get(0).id())).build();
        assertThatThrownBy(() -> client().createStream(List.of(NewTask.of(type).build(), withParent)))
                .isInstanceOf(ValidationException.class).hasMessageContaining("line 2");
        assertThat(client().listAll(TaskFilter.PENDING.withType(type))).hasSize(250); // nothing of the refused stream
    }

    @Test
    void list_sortsOnTheServer_andFindsATaskByItsIdempotencyKeyInAnyStatus() {
        String type = newType();
        List<TaskDto> made = client().createBatch(IntStream.range(0, 5)
                .mapToObj(i -> NewTask.of(type).priority(i % 2).idempotencyKey(type + "-" + i).build()).toList());
        assertThat(client().listAll(TaskFilter.PENDING.withType(type).withLimit(2).sortedBy("created_at", "desc")))
                .extracting(TaskDto::id).containsExactlyElementsOf(made.stream().map(TaskDto::id).toList().reversed());
        assertThat(client().listAll(TaskFilter.PENDING.withType(type).withLimit(2).sortedBy("priority", "asc")))
                .extracting(TaskDto::priority).containsExactly(0, 0, 0, 1, 1);
        client().cancel(made.get(2).id());
        assertThat(client().list(TaskFilter.PENDING.withStatus(null).withIdempotencyKey(type + "-2"), null).tasks())
                .extracting(TaskDto::id, TaskDto::status).containsExactly(org.assertj.core.groups.Tuple.tuple(made.get(2).id(), "cancelled"));
        assertThatThrownBy(() -> client().list(TaskFilter.status("failed").sortedBy("priority", null), null))
                .isInstanceOf(ValidationException.class);
    }

    @Test
    void claimHeartbeatComplete_storesTheResult_andRecordsEachStepAsAnEvent() {
        String type = newType();
        TaskDto created = client().create(NewTask.of(type).payload(Map.of("x", 1)).build());
        List<TaskDto> claimed = client().claim(List.of(type), 10, "w1", 30, Duration.ZERO);
        assertThat(claimed).singleElement().satisfies(t -> {
            assertThat(t.status()).isEqualTo("processing");
            assertThat(t.leaseToken()).isNotNull();
            assertThat(t.worker()).isEqualTo("w1");
        });
        String token = claimed.getFirst().leaseToken();
        TaskDto beat = client().heartbeat(created.id(), token);
        assertThat(beat.leaseToken()).isEqualTo(token);
        TaskDto done = client().complete(created.id(), token, Map.of("ok", true));

        assertThat(done.status()).isEqualTo("completed");
        assertThat(done.leaseToken()).isNull();
        assertThat(client().result(created.id()).result()).isEqualTo("{\"ok\":true}");
        assertThat(client().events(created.id())).extracting(EventDto::status)
                .containsExactly("completed", "processing", "pending"); // a heartbeat is no event
        assertThat(client().events(created.id(), 2, null).events()).hasSize(2);
    }

    @Test
    void aStaleLeaseToken_isLeaseLost_andCompletingAPendingTaskIsAConflictNamingItsStatus() {
        String type = newType();
        TaskDto task = client().create(NewTask.of(type).build());
        assertThatThrownBy(() -> client().complete(task.id(), "no-such-token", null)).isInstanceOf(ConflictException.class)
                .satisfies(e -> assertThat(((ConflictException) e).currentStatus()).isEqualTo("pending"));
        TaskDto claimed = client().claim(task.id(), "w1", 30);
        assertThatThrownBy(() -> client().complete(task.id(), "not-" + claimed.leaseToken(), null))
                .isInstanceOf(LeaseLostException.class);
        assertThatThrownBy(() -> client().claim(task.id(), "w2", 30)).isInstanceOf(ConflictException.class);
    }

    @Test
    void fail_retriesWhileAttemptsRemain_thenFails_andRetryStartsOver() {
        String type = newType();
        TaskDto task = client().create(NewTask.of(type).maxAttempts(2).build());
        TaskDto first = client().claim(task.id(), "w", 30);
        TaskDto again = client().fail(task.id(), first.leaseToken(), "boom", true, Duration.ZERO);
        assertThat(again.status()).isEqualTo("pending");
        assertThat(again.error()).isEqualTo("boom");
        TaskDto second = client().claim(task.id(), "w", 30);
        TaskDto failed = client().fail(task.id(), second.leaseToken(), "boom again", false, null);
        assertThat(failed.status()).isEqualTo("failed");

        TaskDto retried = client().retry(task.id());
        assertThat(retried.status()).isEqualTo("pending");
        assertThat(retried.retryCount()).isZero();
    }

    @Test
    void release_handsTheTaskBackWithoutCountingTheAttempt() {
        TaskDto task = client().create(NewTask.of(newType()).build());
        TaskDto claimed = client().claim(task.id(), "w", 30);
        TaskDto released = client().release(task.id(), claimed.leaseToken());
        assertThat(released.status()).isEqualTo("pending");
        assertThat(released.retryCount()).isEqualTo(task.retryCount());
        assertThatThrownBy(() -> client().release(task.id(), claimed.leaseToken())).isInstanceOf(ConflictException.class);
    }

    @Test
    void cancel_stopsTheWorkersHeartbeat_andDeleteRemovesTheTask() {
        TaskDto task = client().create(NewTask.of(newType()).build());
        TaskDto claimed = client().claim(task.id(), "w", 30);
        assertThat(client().cancel(task.id()).status()).isEqualTo("cancelled");
        assertThatThrownBy(() -> client().heartbeat(task.id(), claimed.leaseToken())).isInstanceOf(ConflictException.class)
                .satisfies(e -> assertThat(((ConflictException) e).isCancelled()).isTrue());
        client().delete(task.id());
        assertThatThrownBy(() -> client().get(task.id())).isInstanceOf(NotFoundException.class);
    }

    @Test
    void completeAllAndHeartbeatAll_answerOneOutcomePerItemInOrder() {
        String type = newType();
        client().createBatch(List.of(NewTask.of(type).build(), NewTask.of(type).build()));
        List<TaskDto> claimed = client().claim(List.of(type), 2, "w", 30, Duration.ZERO);
        assertThat(claimed).hasSize(2);
        List<BatchOutcomesDto.Outcome> beats = client().heartbeatAll(List.of(
                new HeartbeatTasksRequest.Beat(claimed.get(0).id(), claimed.get(0).leaseToken(), 60),
                new HeartbeatTasksRequest.Beat(claimed.get(1).id(), "wrong", 60)));
        assertThat(beats).extracting(BatchOutcomesDto.Outcome::outcome).containsExactly(BatchOutcomesDto.OK, BatchOutcomesDto.LEASE_LOST);

        String unknown = UUID.randomUUID().toString();
        List<BatchOutcomesDto.Outcome> done = client().completeAll(List.of(
                new CompleteTasksRequest.Completion(claimed.get(0).id(), claimed.get(0).leaseToken(), "1"),
                new CompleteTasksRequest.Completion(unknown, "x", null),
                new CompleteTasksRequest.Completion(claimed.get(1).id(), claimed.get(1).leaseToken(), "2")));
        assertThat(done).extracting(BatchOutcomesDto.Outcome::outcome)
                .containsExactly(BatchOutcomesDto.OK, BatchOutcomesDto.NOT_FOUND, BatchOutcomesDto.OK);
        assertThat(client().get(claimed.get(1).id()).status()).isEqualTo("completed");
    }

    @Test
    void anExpiredLease_isRescued_andTheTaskCanBeClaimedAgain() {
        String type = newType();
        TaskDto task = client().create(NewTask.of(type).maxAttempts(3).build());
        client().claim(task.id(), "crashed-worker", 1);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(client().get(task.id()).status()).isEqualTo("pending"));
        assertThat(client().claim(List.of(type), 1, "w2", 30, Duration.ofSeconds(5))).singleElement()
                .satisfies(t -> assertThat(t.worker()).isEqualTo("w2"));
    }

    @Test
    void aLongPollingClaim_isWokenByACreate() throws Exception {
        String type = newType();
        var waiting = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> client().claim(List.of(type), 1, "poller", 30, Duration.ofSeconds(10)));
        Thread.sleep(300); // let the claim start waiting: not a timing assertion, the claim answers either way
        TaskDto task = client().create(NewTask.of(type).build());
        assertThat(waiting.get(10, java.util.concurrent.TimeUnit.SECONDS)).extracting(TaskDto::id).containsExactly(task.id());
    }

    @Test
    void theWorker_drainsTheQueue_completingEachTaskWithItsHandlersResult() {
        String type = newType();
        int n = 50;
        client().createBatch(IntStream.range(0, n).mapToObj(i -> NewTask.of(type).payload(Map.of("i", i)).build()).toList());
        Set<String> handled = ConcurrentHashMap.newKeySet();
        try (Worker worker = Worker.builder(client()).types(type).concurrency(4).pollWait(Duration.ofSeconds(1))
                .handler(task -> {
                    handled.add(task.id());
                    return Map.of("double", task.payload().get("i").asInt() * 2);
                }).build()) {
            worker.start();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(client().list(TaskFilter.status("completed").withType(type).withLimit(1000), null).tasks()).hasSize(n));
        }
        assertThat(handled).hasSize(n);
        TaskDto one = client().list(TaskFilter.status("completed").withType(type).withLimit(1), null).tasks().getFirst();
        int i = Integer.parseInt(one.payload().replaceAll("\\D", ""));
        assertThat(client().result(one.id()).result()).isEqualTo("{\"double\":" + (2 * i) + "}");
    }

    @Test
    void limitsStatsAndWorkers_answerForTheClientsTenant() {
        String type = newType();
        client().putLimit(type, null, 1, null);
        assertThat(client().limits()).anySatisfy(l -> assertThat(l.type()).isEqualTo(type));
        client().createBatch(List.of(NewTask.of(type).build(), NewTask.of(type).build()));
        assertThat(client().claim(List.of(type), 2, "limited", 30, Duration.ZERO)).hasSize(1);
        assertThat(client().stats().counts()).anySatisfy(c -> assertThat(c.type()).isEqualTo(type));
        assertThat(client().workers().workers()).anySatisfy(w -> assertThat(w.worker()).isEqualTo("limited"));
        client().deleteLimit(type, null);
        assertThatThrownBy(() -> client().deleteLimit(type, null)).isInstanceOf(NotFoundException.class);
    }
}
