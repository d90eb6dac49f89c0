package dev.taskledger.testkit;

import dev.taskledger.common.ServiceException;
import dev.taskledger.queue.Completion;
import dev.taskledger.queue.Failure;
import dev.taskledger.queue.Heartbeat;
import dev.taskledger.queue.ItemOutcome;
import dev.taskledger.queue.LeaseExtension;
import dev.taskledger.queue.Queue;
import dev.taskledger.queue.Task;
import dev.taskledger.queue.TaskEvent;
import dev.taskledger.queue.TaskSpec;
import dev.taskledger.queue.TaskStatus;
import dev.taskledger.queue.TaskTransitions;
import dev.taskledger.queue.Timeouts;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Execution timeouts: {@code timeout_seconds} bounds an attempt from its claim, heartbeats or not. The store finds
 * the overdue attempts ({@code TaskStore.findTimedOut}); {@link Timeouts} fails them with error "timed out" (retried
 * by the usual rules) and a SYSTEM event; the worker's calls past the deadline answer 409 timed-out.
 */
public abstract class TimeoutContract extends ServiceContractSupport {
    private Timeouts timeouts;

    @BeforeEach
    void startTimeouts() {
        Queue queue = queueOver(store, SETTINGS.withTypeTimeouts(Map.of("slow", 30)));
        tasks = queue.tasks();
        work = queue.work();
        rescuer = queue.rescuer();
        timeouts = queue.timeouts();
    }

    private static TaskSpec withTimeout(String type, Integer timeoutSeconds, Integer maxAttempts) {
        return new TaskSpec(type, "{}", null, Map.of(), null, null, null, maxAttempts, null, null, false, null, timeoutSeconds);
    }

    @Test
    public void timeout_isStored_theTypeDefaultAppliesWhenTheRequestGivesNone() {
        Task own = create(withTimeout("mail", 5, null));
        Task typeDefault = create(withTimeout("slow", null, null));
        Task overridden = create(withTimeout("slow", 90, null));
        Task none = create(withTimeout("mail", null, null));

        assertThat(tasks.get(TENANT, own.id()).timeoutSeconds()).isEqualTo(5);
        assertThat(tasks.get(TENANT, typeDefault.id()).timeoutSeconds()).isEqualTo(30);
        assertThat(tasks.get(TENANT, overridden.id()).timeoutSeconds()).isEqualTo(90);
        assertThat(tasks.get(TENANT, none.id()).timeoutSeconds()).isNull();
        assertFailsWith(ServiceException.Kind.INVALID, () -> create(withTimeout("mail", 0, null)));
        assertFailsWith(ServiceException.Kind.INVALID, () -> create(withTimeout("mail", 7 * 86_400 + 1, null)));
    }

    @Test
    public void findTimedOut_findsProcessingAttemptsPastTheirDeadline_only() {
        Task overdue = create(withTimeout("a", 10, null));
        Task early = create(withTimeout("b", 60, null));
        Task untimed = create(withTimeout("c", null, null));
        Task pending = create(withTimeout("d", 1, null));
        for (String type : List.of("a", "b", "c")) {
            claimOfType(type);
        }
        Instant now = clock.advanceSeconds(10);

        List<Task> found = timedOut(now, 10);
        assertThat(found).extracting(Task::id).containsExactly(overdue.id());
        assertThat(found.getFirst().deadline()).isEqualTo(SampleTasks.T0.plusSeconds(10));
        assertThat(timedOut(now.minusMillis(1), 10)).isEmpty();
        clock.advanceSeconds(100);
        assertThat(timedOut(clock.instant(), 1)).hasSize(1);
        assertThat(timedOut(clock.instant(), 10)).extracting(Task::id)
                .containsExactly(overdue.id(), early.id())
                .doesNotContain(untimed.id(), pending.id());
    }

    @Test
    public void heartbeatingPastTheDeadline_failsTheAttempt_withTimedOut_andItIsRetried() {
        Task created = create(withTimeout("mail", 60, 3));
        Task claimed = claimOnly("w1");
        assertThat(claimed.deadline()).isEqualTo(SampleTasks.T0.plusSeconds(60));
        clock.advanceSeconds(50);
        work.heartbeat(TENANT, created.id(), new Heartbeat(claimed.leaseToken(), 600, 40, null, null));
        assertThat(timeouts.timeOutOverdue(100)).as("before the deadline").isZero();

        Instant deadline = clock.advanceSeconds(10);
        assertTimedOut(() -> work.heartbeat(TENANT, created.id(), new Heartbeat(claimed.leaseToken(), null, 50, null, null)));
        assertTimedOut(() -> work.complete(TENANT, created.id(), claimed.leaseToken(), "{}"));
        List<ItemOutcome> batch = work.heartbeatAll(TENANT, List.of(new LeaseExtension(created.id(), claimed.leaseToken(), null)));
        assertThat(batch.getFirst().error()).isInstanceOfSatisfying(ServiceException.TaskConflict.class,
                e -> assertThat(e.reason()).isEqualTo(ServiceException.Conflict.TIMED_OUT));
        assertThat(tasks.get(TENANT, created.id()).status()).as("a refused call writes nothing").isEqualTo(TaskStatus.PROCESSING);

        assertThat(timeouts.timeOutOverdue(100)).isEqualTo(1);
        Task retried = tasks.get(TENANT, created.id());
        assertThat(retried.status()).isEqualTo(TaskStatus.PENDING);
        assertThat(retried.error()).isEqualTo("timed out");
        assertThat(retried.state()).isEqualTo(TaskTransitions.TIMED_OUT_RETRY_SCHEDULED);
        assertThat(retried.leaseOwner()).isNull();
        assertThat(retried.runAt()).isAfter(deadline);
        TaskEvent last = events(created.id()).getFirst();
        assertThat(last.actor()).isEqualTo("SYSTEM");
        assertThat(last.status()).isEqualTo(TaskStatus.PENDING);
        com.fasterxml.jackson.databind.JsonNode detail = readJson(last.detail());
        assertThat(detail.get("reason").asText()).isEqualTo("timed out");
        assertThat(detail.get("timeout_seconds").asInt()).isEqualTo(60);

        // the worker still holding the old lease is told why, whatever it calls
        assertTimedOut(() -> work.heartbeat(TENANT, created.id(), new Heartbeat(claimed.leaseToken(), null, null, null, null)));
        assertTimedOut(() -> work.complete(TENANT, created.id(), claimed.leaseToken(), "{}"));
        assertTimedOut(() -> work.fail(TENANT, created.id(), new Failure(claimed.leaseToken(), "late", true, null)));
        assertThat(work.completeAll(TENANT, List.of(new Completion(created.id(), claimed.leaseToken(), null))).getFirst().error())
                .isInstanceOfSatisfying(ServiceException.TaskConflict.class,
                        e -> assertThat(e.reason()).isEqualTo(ServiceException.Conflict.TIMED_OUT));

        clock.advanceSeconds(600);
        Task again = claimOnly("w2");
        assertThat(again.retryCount()).isEqualTo(2);
        assertThat(again.deadline()).as("a new attempt, a new deadline").isEqualTo(clock.instant().plusSeconds(60));
        assertThat(work.complete(TENANT, created.id(), again.leaseToken(), "{}").status()).isEqualTo(TaskStatus.COMPLETED);
    }

    @Test
    public void timeoutOnTheLastAttempt_failsTheTaskForGood() {
        Task created = create(withTimeout("mail", 5, 1));
        Task claimed = claimOnly("w1");
        Instant at = clock.advanceSeconds(6);

        assertThat(timeouts.timeOutOverdue(100)).isEqualTo(1);

        Task failed = tasks.get(TENANT, created.id());
        assertThat(failed.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(failed.error()).isEqualTo("timed out");
        assertThat(failed.finishedAt()).isEqualTo(at);
        assertThat(events(created.id()).getFirst()).extracting(TaskEvent::actor, TaskEvent::status)
                .containsExactly("SYSTEM", TaskStatus.FAILED);
        assertTimedOut(() -> work.complete(TENANT, created.id(), claimed.leaseToken(), "{}"));
        assertThat(claim("w2", 1)).isEmpty();
    }

    @Test
    public void aTaskWithoutTimeout_runsAsLongAsItsLeaseIsRenewed() {
        Task created = create(withTimeout("mail", null, null));
        Task claimed = claimOnly("w1");
        for (int i = 0; i < 5; i++) {
            clock.advanceSeconds(250);
            work.heartbeat(TENANT, created.id(), new Heartbeat(claimed.leaseToken(), null, null, null, null));
        }
        assertThat(timeouts.timeOutOverdue(100)).isZero();
        assertThat(work.complete(TENANT, created.id(), claimed.leaseToken(), null).status()).isEqualTo(TaskStatus.COMPLETED);
    }

    @Test
    public void aTimedOutAttempt_completedMeanwhile_isLeftAlone() {
        Task created = create(withTimeout("mail", 5, null));
        Task claimed = claimOnly("w1");
        work.complete(TENANT, created.id(), claimed.leaseToken(), null);
        clock.advanceSeconds(10);

        assertThat(timeouts.timeOutOverdue(100)).isZero();
        assertThat(tasks.get(TENANT, created.id()).status()).isEqualTo(TaskStatus.COMPLETED);
    }

    private static com.fasterxml.jackson.databind.JsonNode readJson(String json) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    private List<Task> timedOut(Instant now, int limit) {
        return tx(t -> t.tasks().findTimedOut(now, limit));
    }

    private Task claimOfType(String type) {
        try {
            return work.claim(new dev.taskledger.queue.ClaimRequest(TENANT, List.of(type), 1, "w-" + type, null, 0)).getFirst();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void assertTimedOut(ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ServiceException.TaskConflict.class,
                e -> assertThat(e.reason()).as(e.getMessage()).isEqualTo(ServiceException.Conflict.TIMED_OUT));
    }
}
