package dev.taskledger.testkit;

import dev.taskledger.common.ServiceException;
import dev.taskledger.queue.ClaimRequest;
import dev.taskledger.queue.Failure;
import dev.taskledger.queue.Heartbeat;
import dev.taskledger.queue.Task;
import dev.taskledger.queue.TaskEvent;
import dev.taskledger.queue.TaskService;
import dev.taskledger.queue.TaskSpec;
import dev.taskledger.queue.TaskStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.taskledger.testkit.JsonText.sameJson;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The worker lifecycle through {@code TaskService}, {@code WorkService} and {@code LeaseRescuer} over the store:
 * create → claim → heartbeat → complete with an audit event per transition, fail with backoff and final
 * failure, lease expiry rescue, and the lease token guarding a re-claimed task. Time only moves by the clock.
 */
public abstract class QueueLifecycleContract extends ServiceContractSupport {

    @Test
    public void lifecycle_createClaimHeartbeatComplete_writesOneEventPerTransition() {
        Task created = create(newTask("mail"));
        Instant t0 = clock.instant();
        assertThat(created.status()).isEqualTo(TaskStatus.PENDING);
        assertThat(created.version()).isZero();

        Instant t1 = clock.advanceSeconds(1);
        Task claimed = claimOnly("w1");
        assertThat(claimed.id()).isEqualTo(created.id());
        assertThat(claimed.status()).isEqualTo(TaskStatus.PROCESSING);
        assertThat(claimed.leaseToken()).isNotBlank().isEqualTo(tasks.get(TENANT, created.id()).leaseToken());
        assertThat(claimed.leaseExpiresAt()).isEqualTo(t1.plusSeconds(300));
        assertThat(claimed.retryCount()).isEqualTo(1);

        Instant t2 = clock.advanceSeconds(10);
        Task beat = work.heartbeat(TENANT, created.id(), new Heartbeat(claimed.leaseToken(), null, 50, "Halfway",
                "{\"step\":2}"));
        assertThat(beat.leaseExpiresAt()).isEqualTo(t2.plusSeconds(300));
        assertThat(beat.progress()).isEqualTo(50);
        assertThat(sameJson(beat.metadata(), "{\"step\":2}")).as(beat.metadata()).isTrue();

        Instant t3 = clock.advanceSeconds(5);
        Task done = work.complete(TENANT, created.id(), claimed.leaseToken(), "{\"ok\":true}");
        assertThat(done.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(done.progress()).isEqualTo(100);
        assertThat(done.finishedAt()).isEqualTo(t3);
        assertThat(done.leaseExpiresAt()).isNull();
        JsonText.assertSameTask(tasks.get(TENANT, created.id()), done);
        assertThat(sameJson(tasks.result(TENANT, created.id()).payload(), "{\"ok\":true}")).isTrue();

        List<TaskEvent> events = events(created.id());
        assertThat(events).extracting(TaskEvent::status).containsExactly(TaskStatus.COMPLETED, TaskStatus.PROCESSING,
                TaskStatus.PROCESSING, TaskStatus.PENDING);
        assertThat(events).extracting(TaskEvent::actor).containsExactly("WORKER:w1", "WORKER:w1", "WORKER:w1", "API");
        assertThat(events).extracting(TaskEvent::createdAt).containsExactly(t3, t2, t1, t0);
    }

    @Test
    public void createAll_givesEveryTaskItsOwnCreatedEvent_detailingItsTypePriorityAndFutureRunAt() {
        Instant later = clock.instant().plusSeconds(60).truncatedTo(ChronoUnit.MILLIS);
        List<TaskSpec> specs = List.of(newTask("mail"), newTask("mail"),
                new TaskSpec("mail", "{}", null, Map.of(), 7, null, null, null, null, null, false),
                new TaskSpec("sms", "{}", null, Map.of(), null, later, null, null, null, null, false));

        List<Task> created = tasks.createAll(TENANT, specs).stream().map(TaskService.Created::task).toList();

        List<String> details = created.stream().map(t -> {
            List<TaskEvent> events = events(t.id());
            assertThat(events).singleElement().satisfies(e -> {
                assertThat(e.taskId()).isEqualTo(t.id());
                assertThat(e.status()).isEqualTo(TaskStatus.PENDING);
                assertThat(e.actor()).isEqualTo("API");
            });
            return events.getFirst().detail();
        }).toList();
        assertThat(sameJson(details.get(0), "{\"type\":\"mail\",\"priority\":1}")).as(details.get(0)).isTrue();
        assertThat(sameJson(details.get(1), details.get(0))).as(details.get(1)).isTrue();
        assertThat(sameJson(details.get(2), "{\"type\":\"mail\",\"priority\":7}")).as(details.get(2)).isTrue();
        assertThat(sameJson(details.get(3), "{\"type\":\"sms\",\"priority\":1,\"run_at\":\"" + later + "\"}"))
                .as(details.get(3)).isTrue();
    }

    @Test
    public void complete_repeatedWithTheSameToken_answersTheCompletedTaskAgain_withoutAnotherEvent() {
        create(newTask("mail"));
        Task claimed = claimOnly("w1");
        Task done = work.complete(TENANT, claimed.id(), claimed.leaseToken(), "{\"r\":1}");
        clock.advanceSeconds(3);

        Task again = work.complete(TENANT, claimed.id(), claimed.leaseToken(), "{\"r\":2}");

        JsonText.assertSameTask(again, done);
        assertThat(events(claimed.id())).hasSize(3);
        assertThat(sameJson(tasks.result(TENANT, claimed.id()).payload(), "{\"r\":1}")).isTrue();
    }

    @Test
    public void fail_retryable_returnsToPendingWithBackoff_thenFailsForGoodAfterMaxAttempts() {
        Task created = create(newTask("mail", "{}", 2, null));
        Task first = claimOnly("w1");
        Instant failedAt = clock.advanceSeconds(1);

        Task retrying = work.fail(TENANT, created.id(), new Failure(first.leaseToken(), "timeout", true, null));

        assertThat(retrying.status()).isEqualTo(TaskStatus.PENDING);
        assertThat(retrying.error()).isEqualTo("timeout");
        assertThat(retrying.leaseToken()).isNull();
        assertThat(retrying.runAt()).as("first backoff: 2 s ± 10%")
                .isBetween(failedAt.plusMillis(1_800), failedAt.plusMillis(2_200));
        assertThat(claim("w2", 1)).as("not due before the backoff passed").isEmpty();

        clock.advanceSeconds(3);
        Task second = claimOnly("w2");
        assertThat(second.retryCount()).isEqualTo(2);
        assertThat(second.error()).as("claim leaves the last error").isEqualTo("timeout");
        Instant finalAt = clock.advanceSeconds(1);
        Task failed = work.fail(TENANT, created.id(), new Failure(second.leaseToken(), "timeout again", true, null));

        assertThat(failed.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(failed.finishedAt()).isEqualTo(finalAt);
        assertThat(failed.error()).isEqualTo("timeout again");
        assertThat(events(created.id())).extracting(TaskEvent::status).containsExactly(TaskStatus.FAILED,
                TaskStatus.PROCESSING, TaskStatus.PENDING, TaskStatus.PROCESSING, TaskStatus.PENDING);
        assertThat(events(created.id())).extracting(TaskEvent::actor).containsExactly("WORKER:w2", "WORKER:w2",
                "WORKER:w1", "WORKER:w1", "API");
    }

    @Test
    public void fail_withRetryInSeconds_schedulesTheRetryExactly() {
        create(newTask("mail"));
        Task claimed = claimOnly("w1");

        Task retrying = work.fail(TENANT, claimed.id(), new Failure(claimed.leaseToken(), "later", true, 30L));

        assertThat(retrying.runAt()).isEqualTo(clock.instant().plusSeconds(30));
        clock.advanceSeconds(29);
        assertThat(claim("w1", 1)).isEmpty();
        clock.advanceSeconds(1);
        assertThat(claim("w1", 1)).extracting(Task::id).containsExactly(claimed.id());
    }

    @Test
    public void fail_notRetryable_failsAtOnce_evenWithAttemptsLeft() {
        create(newTask("mail", "{}", 5, null));
        Task claimed = claimOnly("w1");

        Task failed = work.fail(TENANT, claimed.id(), new Failure(claimed.leaseToken(), "bad input\u0000", false, null));

        assertThat(failed.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(tasks.get(TENANT, claimed.id()).error()).isEqualTo("bad input\u0000");
    }

    @Test
    public void release_ofAnUnstartedClaim_returnsTheTaskReadyAtOnce_withItsAttemptGivenBack() {
        Task created = create(newTask("mail", "{}", 1, null));
        clock.advanceSeconds(5);
        Task claimed = claimOnly("w1");
        Instant releasedAt = clock.advanceSeconds(1);

        Task released = work.release(TENANT, created.id(), claimed.leaseToken());

        assertThat(released.status()).isEqualTo(TaskStatus.PENDING);
        assertThat(released.retryCount()).isZero();
        assertThat(released.leaseOwner()).isNull();
        assertThat(released.leaseToken()).isNull();
        assertThat(released.leaseExpiresAt()).isNull();
        assertThat(released.startedAt()).isNull();
        assertThat(released.runAt()).isEqualTo(releasedAt);
        Task stored = tasks.get(TENANT, created.id());
        assertThat(stored.status()).isEqualTo(TaskStatus.PENDING);
        assertThat(stored.retryCount()).isZero();
        assertThat(stored.startedAt()).isNull();
        TaskEvent last = events(created.id()).getFirst();
        assertThat(last.status()).isEqualTo(TaskStatus.PENDING);
        assertThat(last.actor()).isEqualTo("WORKER:w1");
        assertThat(last.detail()).contains("released unstarted by its worker");
        assertConflictWithStatus("pending", () -> work.release(TENANT, created.id(), claimed.leaseToken()));
        // max_attempts 1: the released attempt was not counted, so the task still gets its one attempt
        Task again = claimOnly("w2");
        assertThat(again.retryCount()).isEqualTo(1);
        assertConflictWithStatus("processing", () -> work.release(TENANT, created.id(), claimed.leaseToken()));
        assertFailsWith(ServiceException.Kind.INVALID, () -> work.release(TENANT, created.id(), " "));
        assertThat(work.complete(TENANT, created.id(), again.leaseToken(), null).status()).isEqualTo(TaskStatus.COMPLETED);
    }

    @Test
    public void expiredLease_isRescuedToPending_withASystemEvent_whileAttemptsRemain() {
        create(newTask("mail"));
        Task claimed = claimOnly("w1");
        clock.advanceSeconds(299);
        assertThat(rescuer.rescueExpired(100)).as("lease still valid").isZero();

        Instant expiredAt = clock.advanceSeconds(2);
        assertThat(rescuer.rescueExpired(100)).isEqualTo(1);

        Task rescued = tasks.get(TENANT, claimed.id());
        assertThat(rescued.status()).isEqualTo(TaskStatus.PENDING);
        assertThat(rescued.leaseOwner()).isNull();
        assertThat(rescued.leaseToken()).isNull();
        assertThat(rescued.runAt()).isEqualTo(expiredAt);
        assertThat(rescued.error()).contains("lease expired");
        TaskEvent last = events(claimed.id()).getFirst();
        assertThat(last.actor()).isEqualTo("SYSTEM");
        assertThat(last.status()).isEqualTo(TaskStatus.PENDING);
        assertThat(claimOnly("w2").retryCount()).isEqualTo(2);
    }

    @Test
    public void expiredLease_onTheLastAttempt_isRescuedToFailed() {
        create(newTask("mail", "{}", 1, null));
        Task claimed = claimOnly("w1");
        Instant expiredAt = clock.advanceSeconds(301);

        assertThat(rescuer.rescueExpired(100)).isEqualTo(1);

        Task failed = tasks.get(TENANT, claimed.id());
        assertThat(failed.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(failed.finishedAt()).isEqualTo(expiredAt);
        assertThat(events(claimed.id()).getFirst()).extracting(TaskEvent::actor, TaskEvent::status)
                .containsExactly("SYSTEM", TaskStatus.FAILED);
        assertThat(claim("w2", 1)).isEmpty();
    }

    @Test
    public void heartbeat_extendsTheLease_soTheRescuerLeavesTheTaskAlone() {
        create(newTask("mail"));
        Task claimed = claimOnly("w1");
        clock.advanceSeconds(200);
        work.heartbeat(TENANT, claimed.id(), new Heartbeat(claimed.leaseToken(), 600, null, null, null));

        clock.advanceSeconds(500);

        assertThat(rescuer.rescueExpired(100)).isZero();
        assertThat(tasks.get(TENANT, claimed.id()).status()).isEqualTo(TaskStatus.PROCESSING);
    }

    @Test
    public void staleLeaseToken_afterExpiryAndReclaim_isRefusedWithConflict_andTheNewAttemptWins() {
        create(newTask("mail"));
        Task first = claimOnly("w1");
        clock.advanceSeconds(301);
        rescuer.rescueExpired(100);
        Task second = claimOnly("w2");

        assertConflictWithStatus("processing", () -> work.complete(TENANT, first.id(), first.leaseToken(), "{}"));
        assertConflictWithStatus("processing", () -> work.heartbeat(TENANT, first.id(),
                new Heartbeat(first.leaseToken(), null, 10, null, null)));
        assertConflictWithStatus("processing", () -> work.fail(TENANT, first.id(),
                new Failure(first.leaseToken(), "late", true, null)));

        assertThat(work.complete(TENANT, second.id(), second.leaseToken(), "{\"by\":\"w2\"}").status())
                .isEqualTo(TaskStatus.COMPLETED);
        assertThat(sameJson(tasks.result(TENANT, second.id()).payload(), "{\"by\":\"w2\"}")).isTrue();
    }

    @Test
    public void complete_withoutToken_isAcceptedOnlyWhileProcessing() {
        Task created = create(newTask("mail"));
        assertConflictWithStatus("pending", () -> work.complete(TENANT, created.id(), null, null));

        claimOnly("w1");
        assertThat(work.complete(TENANT, created.id(), null, null).status()).isEqualTo(TaskStatus.COMPLETED);
        assertFailsWith(ServiceException.Kind.NOT_FOUND, () -> tasks.result(TENANT, created.id()));
        assertConflictWithStatus("completed", () -> work.complete(TENANT, created.id(), null, null));
    }

    @Test
    public void claimOne_claimsThatTask_onlyWhenPendingAndReady() {
        Task now = create(newTask("mail"));
        Task later = tasks.create(TENANT, new dev.taskledger.queue.TaskSpec("mail", "{}", null, null, null, null, 60L,
                null, null, null, false)).task();

        Task claimed = work.claimOne(TENANT, now.id(), "w1", 20);

        assertThat(claimed.status()).isEqualTo(TaskStatus.PROCESSING);
        assertThat(claimed.leaseExpiresAt()).isEqualTo(clock.instant().plusSeconds(20));
        assertConflictWithStatus("processing", () -> work.claimOne(TENANT, now.id(), "w2", null));
        assertConflictWithStatus("pending", () -> work.claimOne(TENANT, later.id(), "w2", null));
        assertFailsWith(ServiceException.Kind.NOT_FOUND, () -> work.claimOne(OTHER_TENANT, later.id(), "w2", null));
    }

    @Test
    public void claim_withWait_returnsATaskCreatedWhileWaiting() throws Exception {
        CompletableFuture<List<Task>> waiting = claimAsync(work, new ClaimRequest(TENANT, List.of("mail"), 1, "w1", null, 20));

        Task created = create(newTask("mail"));

        assertThat(waiting.get(20, TimeUnit.SECONDS)).extracting(Task::id).containsExactly(created.id());
    }
}
