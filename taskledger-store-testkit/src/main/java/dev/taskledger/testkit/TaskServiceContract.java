package dev.taskledger.testkit;

import dev.taskledger.common.ServiceException;
import dev.taskledger.queue.Failure;
import dev.taskledger.queue.Heartbeat;
import dev.taskledger.queue.Task;
import dev.taskledger.queue.TaskEvent;
import dev.taskledger.queue.TaskPatch;
import dev.taskledger.queue.TaskService;
import dev.taskledger.queue.TaskSpec;
import dev.taskledger.queue.TaskStatus;
import dev.taskledger.store.StoreTx;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.taskledger.testkit.JsonText.sameJson;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code TaskService} over the store: idempotent create, update with If-Match, cancel/retry legality, tenancy. */
public abstract class TaskServiceContract extends ServiceContractSupport {

    @Test
    public void create_withTheSameIdempotencyKey_returnsTheExistingTask_notCreated_andWritesOneEvent() {
        TaskService.Created first = tasks.create(TENANT, newTask("mail", "{\"v\":1}", null, "order-42"));
        clock.advanceSeconds(5);

        TaskService.Created again = tasks.create(TENANT, newTask("mail", "{\"v\":2}", null, "order-42"));

        assertThat(first.created()).isTrue();
        assertThat(again.created()).isFalse();
        JsonText.assertSameTask(again.task(), first.task());
        assertThat(events(first.task().id())).hasSize(1);
        assertThat(tasks.list(new dev.taskledger.queue.TaskQuery(TENANT, null, null, null, null, null, 10, null))
                .items()).hasSize(1);
    }

    @Test
    public void create_sameIdempotencyKeyInAnotherTenantOrType_createsNewTasks() {
        Task mine = create(newTask("mail", "{}", null, "k"));

        TaskService.Created theirs = tasks.create(OTHER_TENANT, newTask("mail", "{}", null, "k"));
        TaskService.Created otherType = tasks.create(TENANT, newTask("sms", "{}", null, "k"));

        assertThat(theirs.created()).isTrue();
        assertThat(otherType.created()).isTrue();
        assertThat(List.of(mine.id(), theirs.task().id(), otherType.task().id())).doesNotHaveDuplicates();
    }

    @Test
    public void create_withDedupe_treatsTheSamePayloadInAnotherKeyOrderAsTheSameTask() {
        TaskSpec a = new TaskSpec("mail", "{\"to\":\"x\",\"n\":1}", null, null, null, null, null, null, null, null, true);
        TaskSpec b = new TaskSpec("mail", "{ \"n\": 1, \"to\": \"x\" }", null, null, null, null, null, null, null, null, true);

        List<TaskService.Created> out = tasks.createAll(TENANT, List.of(a, b));

        assertThat(out).extracting(TaskService.Created::created).containsExactly(true, false);
        assertThat(out.get(1).task().id()).isEqualTo(out.get(0).task().id());
    }

    @Test
    public void update_withStaleExpectedVersion_isPreconditionFailed_andChangesNothing() {
        Task t = create(newTask("mail"));
        tasks.update(TENANT, t.id(), new TaskPatch("first", null, null, null, null, 0));

        assertFailsWith(ServiceException.Kind.PRECONDITION_FAILED,
                () -> tasks.update(TENANT, t.id(), new TaskPatch("second", null, null, null, null, 0)));
        assertThat(tasks.get(TENANT, t.id()).state()).isEqualTo("first");
        assertThat(tasks.get(TENANT, t.id()).version()).isEqualTo(1);
    }

    @Test
    public void update_withCurrentVersion_mergesFields_bumpsVersion_andWritesAnApiEvent() {
        Task t = tasks.create(TENANT, new TaskSpec("mail", "{}", "{\"a\":1,\"b\":{\"c\":2}}", Map.of("k1", "v1", "k2", "v2"),
                null, null, null, null, null, null, false)).task();
        clock.advanceSeconds(7);
        java.util.HashMap<String, String> tagPatch = new java.util.HashMap<>();
        tagPatch.put("k1", null);
        tagPatch.put("k3", "v3");

        Task updated = tasks.update(TENANT, t.id(), new TaskPatch("Editing", 40, "{\"a\":null,\"b\":{\"d\":3}}",
                tagPatch, 9, t.version()));

        assertThat(updated.version()).isEqualTo(t.version() + 1);
        Task stored = tasks.get(TENANT, t.id());
        assertThat(stored.state()).isEqualTo("Editing");
        assertThat(stored.progress()).isEqualTo(40);
        assertThat(stored.priority()).isEqualTo(9);
        assertThat(stored.tags()).isEqualTo(Map.of("k2", "v2", "k3", "v3"));
        assertThat(sameJson(stored.metadata(), "{\"b\":{\"c\":2,\"d\":3}}")).as(stored.metadata()).isTrue();
        assertThat(stored.updatedAt()).isEqualTo(clock.instant());
        assertThat(events(t.id()).getFirst()).extracting(TaskEvent::actor, TaskEvent::status)
                .containsExactly("API", TaskStatus.PENDING);
    }

    @Test
    public void cancel_pendingTask_becomesCancelled_withAnApiEvent() {
        Task t = create(newTask("mail"));

        Task cancelled = tasks.cancel(TENANT, t.id());

        assertThat(cancelled.status()).isEqualTo(TaskStatus.CANCELLED);
        assertThat(cancelled.state()).isEqualTo("Cancelled by user");
        assertThat(cancelled.finishedAt()).isEqualTo(clock.instant());
        assertThat(events(t.id()).getFirst()).extracting(TaskEvent::actor, TaskEvent::status)
                .containsExactly("API", TaskStatus.CANCELLED);
        assertThat(claim("w1", 10)).isEmpty();
    }

    @Test
    public void cancel_processingTask_clearsTheLease_andTheWorkerLearnsAtItsNextHeartbeat() {
        create(newTask("mail"));
        Task claimed = claimOnly("w1");

        Task cancelled = tasks.cancel(TENANT, claimed.id());

        assertThat(cancelled.leaseOwner()).isNull();
        assertThat(cancelled.leaseExpiresAt()).isNull();
        assertConflictWithStatus("cancelled", () -> work.heartbeat(TENANT, claimed.id(),
                new Heartbeat(claimed.leaseToken(), null, null, null, null)));
        assertConflictWithStatus("cancelled", () -> work.complete(TENANT, claimed.id(), claimed.leaseToken(), "{}"));
    }

    @Test
    public void cancel_finishedTask_isConflict() {
        Task t = create(newTask("mail"));
        tasks.cancel(TENANT, t.id());
        assertConflictWithStatus("cancelled", () -> tasks.cancel(TENANT, t.id()));

        create(newTask("sms"));
        Task claimed = claimOnly("w1");
        work.complete(TENANT, claimed.id(), claimed.leaseToken(), null);
        assertConflictWithStatus("completed", () -> tasks.cancel(TENANT, claimed.id()));
    }

    @Test
    public void retry_failedTask_returnsToPendingWithZeroAttempts_andCanBeClaimedAgain() {
        create(newTask("mail", "{}", 1, null));
        Task claimed = claimOnly("w1");
        work.fail(TENANT, claimed.id(), new Failure(claimed.leaseToken(), "boom", true, null));
        clock.advanceSeconds(60);

        Task retried = tasks.retry(TENANT, claimed.id());

        assertThat(retried.status()).isEqualTo(TaskStatus.PENDING);
        assertThat(retried.retryCount()).isZero();
        assertThat(retried.error()).isNull();
        assertThat(retried.finishedAt()).isNull();
        assertThat(retried.runAt()).isEqualTo(clock.instant());
        JsonText.assertSameTask(tasks.get(TENANT, claimed.id()), retried);
        assertThat(claimOnly("w2").retryCount()).isEqualTo(1);
    }

    @Test
    public void retry_cancelledTask_isAllowed_butPendingProcessingAndCompletedAreConflicts() {
        Task t = create(newTask("mail"));
        assertConflictWithStatus("pending", () -> tasks.retry(TENANT, t.id()));
        tasks.cancel(TENANT, t.id());
        assertThat(tasks.retry(TENANT, t.id()).status()).isEqualTo(TaskStatus.PENDING);

        Task claimed = claimOnly("w1");
        assertConflictWithStatus("processing", () -> tasks.retry(TENANT, claimed.id()));
        work.complete(TENANT, claimed.id(), claimed.leaseToken(), null);
        assertConflictWithStatus("completed", () -> tasks.retry(TENANT, claimed.id()));
    }

    @Test
    public void anotherTenantsTask_isNotFound_forEveryOperation() {
        Task t = create(newTask("mail"));

        assertFailsWith(ServiceException.Kind.NOT_FOUND, () -> tasks.get(OTHER_TENANT, t.id()));
        assertFailsWith(ServiceException.Kind.NOT_FOUND, () -> tasks.events(OTHER_TENANT, t.id()));
        assertFailsWith(ServiceException.Kind.NOT_FOUND, () -> tasks.cancel(OTHER_TENANT, t.id()));
        assertFailsWith(ServiceException.Kind.NOT_FOUND, () -> tasks.delete(OTHER_TENANT, t.id()));
        assertFailsWith(ServiceException.Kind.NOT_FOUND,
                () -> tasks.update(OTHER_TENANT, t.id(), new TaskPatch("x", null, null, null, null, null)));
        assertThat(tasks.get(TENANT, t.id()).status()).isEqualTo(TaskStatus.PENDING);
    }

    @Test
    public void delete_removesTheTask_itsEventsAndResult() {
        create(newTask("mail"));
        Task claimed = claimOnly("w1");
        work.complete(TENANT, claimed.id(), claimed.leaseToken(), "{\"r\":1}");

        tasks.delete(TENANT, claimed.id());

        assertFailsWith(ServiceException.Kind.NOT_FOUND, () -> tasks.get(TENANT, claimed.id()));
        assertFailsWith(ServiceException.Kind.NOT_FOUND, () -> tasks.delete(TENANT, claimed.id()));
        assertThat(tx((StoreTx tx) -> tx.events().latest(claimed.id(), 100))).isEmpty();
        assertThat(tx((StoreTx tx) -> tx.results().get(claimed.id()))).isEmpty();
    }

    @Test
    public void stats_countThisTenantsTasks_andTheOldestReadyOne() {
        create(newTask("mail"));
        clock.advanceSeconds(10);
        create(newTask("mail"));
        tasks.create(OTHER_TENANT, newTask("mail"));

        dev.taskledger.queue.TaskStats stats = tasks.stats(TENANT);

        assertThat(stats.counts().stream().filter(c -> c.count() > 0).toList())
                .containsExactly(new dev.taskledger.queue.TaskStats.Count("mail", TaskStatus.PENDING, 2));
        assertThat(stats.oldestReadyRunAt()).isEqualTo(SampleTasks.T0);
    }
}
