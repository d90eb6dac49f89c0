package dev.taskledger.queue;

import dev.taskledger.common.ServiceException.Conflict;
import dev.taskledger.common.ServiceException.TaskConflict;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The task state machine on its own: each transition's row and each rule, without a database. */
class TaskTransitionsTest {
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final Instant T1 = T0.plusSeconds(10);

    private static Task pending() {
        return TaskTransitions.create(new TaskBuilder().id(UUID.randomUUID()).tenant("acme").type("mail")
                .priority(1).payload("{}").metadata("{\"a\":1}").maxAttempts(2).leaseSeconds(300).runAt(T0), T0);
    }

    private static Task processing() {
        return new TaskClaim("acme", List.of("mail"), 1, "w1", "token-1", null, T0).applyTo(pending());
    }

    @Test
    void create_isPendingAndQueued_atItsFirstVersion() {
        Task t = pending();
        assertThat(t.status()).isEqualTo(TaskStatus.PENDING);
        assertThat(t.state()).isEqualTo(TaskTransitions.QUEUED);
        assertThat(t.progress()).isZero();
        assertThat(t.retryCount()).isZero();
        assertThat(t.version()).isZero();
        assertThat(t.createdAt()).isEqualTo(T0);
        assertThat(t.updatedAt()).isEqualTo(T0);
    }

    @Test
    void claim_leasesTheTask_countsAnAttempt_andTheStoreMovesTheVersion() {
        Task before = pending();
        Task claimed = TaskTransitions.claim(before, "w1", "token-1", 60, T1);
        assertThat(claimed.status()).isEqualTo(TaskClaim.CLAIMED_STATUS).isEqualTo(TaskStatus.PROCESSING);
        assertThat(claimed.state()).isEqualTo(TaskClaim.CLAIMED_STATE).isEqualTo("Processing");
        assertThat(claimed.leaseOwner()).isEqualTo("w1");
        assertThat(claimed.leaseToken()).isEqualTo("token-1");
        assertThat(claimed.leaseExpiresAt()).isEqualTo(T1.plusSeconds(60));
        assertThat(claimed.retryCount()).isEqualTo(1);
        assertThat(claimed.startedAt()).isEqualTo(T1);
        assertThat(claimed.updatedAt()).isEqualTo(T1);
        assertThat(claimed.version()).as("left to the store's write").isEqualTo(before.version());
    }

    @Test
    void taskClaim_applyTo_usesTheClaimsLeaseOrTheTasksOwn_andIsTheRowAsStored() {
        Task before = pending();
        Task own = new TaskClaim("acme", List.of(), 5, "w", "tok", null, T1).applyTo(before);
        Task given = new TaskClaim("acme", List.of(), 5, "w", "tok", 30, T1).applyTo(before);
        assertThat(own.leaseExpiresAt()).isEqualTo(T1.plusSeconds(300));
        assertThat(given.leaseExpiresAt()).isEqualTo(T1.plusSeconds(30));
        assertThat(own.version()).isEqualTo(before.version() + 1);
        assertThat(own).isEqualTo(TaskTransitions.claim(before, "w", "tok", 300, T1).toBuilder().version(1).build());
    }

    @Test
    void heartbeat_extendsTheLease_andReplacesOnlyWhatItReports() {
        Task t = processing();
        Task plain = TaskTransitions.heartbeat(t, 120, null, null, null, T1);
        assertThat(plain.leaseExpiresAt()).isEqualTo(T1.plusSeconds(120));
        assertThat(plain.progress()).isEqualTo(t.progress());
        assertThat(plain.state()).isEqualTo(t.state());
        assertThat(plain.metadata()).isEqualTo(t.metadata());
        Task reported = TaskTransitions.heartbeat(t, 120, 40, "Halfway", "{\"b\":2}", T1);
        assertThat(reported.progress()).isEqualTo(40);
        assertThat(reported.state()).isEqualTo("Halfway");
        assertThat(reported.metadata()).isEqualTo("{\"b\":2}");
        assertThat(reported.status()).isEqualTo(TaskStatus.PROCESSING);
    }

    @Test
    void complete_finishesTheTask_keepingItsLeaseOwnerAndToken() {
        Task done = TaskTransitions.complete(processing(), T1);
        assertThat(done.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(done.state()).isEqualTo(TaskTransitions.COMPLETED);
        assertThat(done.progress()).isEqualTo(100);
        assertThat(done.leaseExpiresAt()).isNull();
        assertThat(done.leaseToken()).isEqualTo("token-1");
        assertThat(done.finishedAt()).isEqualTo(T1);
        assertThat(TaskTransitions.isRepeatedCompletion(done, "token-1")).isTrue();
        assertThat(TaskTransitions.isRepeatedCompletion(done, "other")).isFalse();
        assertThat(TaskTransitions.isRepeatedCompletion(done, null)).isFalse();
        assertThat(TaskTransitions.isRepeatedCompletion(processing(), "token-1")).isFalse();
    }

    @Test
    void fail_retriesWhileAttemptsRemainAndTheWorkerAllows_elseFailsForGood() {
        Task first = processing();
        assertThat(TaskTransitions.retriesAfterFailure(first, true)).isTrue();
        assertThat(TaskTransitions.retriesAfterFailure(first, false)).isFalse();
        Task last = first.toBuilder().retryCount(2).build();
        assertThat(TaskTransitions.retriesAfterFailure(last, true)).as("2 of 2 attempts used").isFalse();

        Task later = TaskTransitions.retryLater(first, "boom", T1.plusSeconds(5), T1);
        assertThat(later.status()).isEqualTo(TaskStatus.PENDING);
        assertThat(later.state()).isEqualTo(TaskTransitions.RETRY_SCHEDULED);
        assertThat(later.runAt()).isEqualTo(T1.plusSeconds(5));
        assertThat(later.error()).isEqualTo("boom");
        assertThat(later.leaseOwner()).isNull();
        assertThat(later.leaseToken()).isNull();
        assertThat(later.leaseExpiresAt()).isNull();
        assertThat(later.retryCount()).as("the attempt stays counted").isEqualTo(1);

        Task failed = TaskTransitions.failForGood(first, "boom", T1);
        assertThat(failed.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(failed.state()).isEqualTo(TaskTransitions.FAILED);
        assertThat(failed.finishedAt()).isEqualTo(T1);
        assertThat(failed.leaseToken()).isNull();
    }

    @Test
    void releaseAndReturnUndelivered_giveTheAttemptBack() {
        Task t = processing();
        Task released = TaskTransitions.release(t, T1);
        assertThat(released.status()).isEqualTo(TaskStatus.PENDING);
        assertThat(released.state()).isEqualTo(TaskTransitions.QUEUED);
        assertThat(released.retryCount()).isZero();
        assertThat(released.startedAt()).isNull();
        assertThat(released.leaseToken()).isNull();
        assertThat(released.runAt()).as("ready at once").isEqualTo(T1);

        Task returned = TaskTransitions.returnUndelivered(t, T1);
        assertThat(returned.retryCount()).isZero();
        assertThat(returned.runAt()).as("its old place in the queue").isEqualTo(t.runAt());
        assertThat(returned.state()).isEqualTo(TaskTransitions.QUEUED);
        assertThat(TaskTransitions.release(t.toBuilder().retryCount(0).build(), T1).retryCount()).isZero();
    }

    @Test
    void leaseExpired_requeuesWhileAttemptsRemain_elseFails() {
        Task t = processing();
        Task requeued = TaskTransitions.leaseExpired(t, T1);
        assertThat(requeued.status()).isEqualTo(TaskStatus.PENDING);
        assertThat(requeued.state()).isEqualTo(TaskTransitions.LEASE_EXPIRED_QUEUED);
        assertThat(requeued.runAt()).isEqualTo(T1);
        assertThat(requeued.error()).isEqualTo("lease expired at " + t.leaseExpiresAt() + " (worker w1)");
        assertThat(requeued.leaseOwner()).isNull();

        Task exhausted = t.toBuilder().retryCount(2).build();
        assertThat(TaskTransitions.requeuesAfterLeaseExpiry(exhausted)).isFalse();
        Task failed = TaskTransitions.leaseExpired(exhausted, T1);
        assertThat(failed.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(failed.state()).isEqualTo(TaskTransitions.FAILED);
        assertThat(failed.finishedAt()).isEqualTo(T1);
    }

    @Test
    void cancelAndRetry() {
        Task cancelled = TaskTransitions.cancel(processing(), T1);
        assertThat(cancelled.status()).isEqualTo(TaskStatus.CANCELLED);
        assertThat(cancelled.state()).isEqualTo(TaskTransitions.CANCELLED);
        assertThat(cancelled.leaseToken()).isNull();
        assertThat(cancelled.finishedAt()).isEqualTo(T1);

        Task retried = TaskTransitions.retry(TaskTransitions.failForGood(processing(), "boom", T0), T1);
        assertThat(retried.status()).isEqualTo(TaskStatus.PENDING);
        assertThat(retried.state()).isEqualTo(TaskTransitions.QUEUED);
        assertThat(retried.retryCount()).isZero();
        assertThat(retried.error()).isNull();
        assertThat(retried.finishedAt()).isNull();
        assertThat(retried.runAt()).isEqualTo(T1);
    }

    @Test
    void edit_replacesOnlyTheGivenFields() {
        Task t = pending();
        Task same = TaskTransitions.edit(t, null, null, null, null, null, T1);
        assertThat(same).isEqualTo(t.toBuilder().updatedAt(T1).build());
        Task edited = TaskTransitions.edit(t, "Waiting", 10, 7, "{}", Map.of("k", "v"), T1);
        assertThat(edited.state()).isEqualTo("Waiting");
        assertThat(edited.progress()).isEqualTo(10);
        assertThat(edited.priority()).isEqualTo(7);
        assertThat(edited.metadata()).isEqualTo("{}");
        assertThat(edited.tags()).containsExactly(Map.entry("k", "v"));
        assertThat(edited.status()).isEqualTo(TaskStatus.PENDING);
    }

    @Test
    void refuseWorkerCall_tellsCancelledFromNotProcessingFromLeaseLost() {
        Task t = processing();
        assertThat(TaskTransitions.refuseWorkerCall(t, "token-1")).isNull();
        assertThat(TaskTransitions.refuseWorkerCall(t, null)).as("no token: accepted while processing").isNull();
        assertThat(TaskTransitions.refuseWorkerCall(t, "other").reason()).isEqualTo(Conflict.LEASE_LOST);
        assertThat(TaskTransitions.refuseWorkerCall(t, "other").currentStatus()).isEqualTo("processing");
        assertThat(TaskTransitions.refuseWorkerCall(TaskTransitions.cancel(t, T1), "token-1").reason())
                .isEqualTo(Conflict.CANCELLED);
        assertThat(TaskTransitions.refuseWorkerCall(pending(), null).reason()).isEqualTo(Conflict.NOT_PROCESSING);
    }

    @Test
    void refuseClaimCancelRetry() {
        Task ready = pending();
        Task later = ready.toBuilder().runAt(T1).build();
        assertThat(TaskTransitions.refuseClaim(ready, T0)).isNull();
        TaskConflict notYet = TaskTransitions.refuseClaim(later, T0);
        assertThat(notYet.reason()).isEqualTo(Conflict.NOT_CLAIMABLE);
        assertThat(notYet.getMessage()).contains("not ready until " + T1);
        assertThat(TaskTransitions.refuseClaim(processing(), T0).reason()).isEqualTo(Conflict.NOT_CLAIMABLE);

        assertThat(TaskTransitions.refuseCancel(ready)).isNull();
        assertThat(TaskTransitions.refuseCancel(processing())).isNull();
        assertThat(TaskTransitions.refuseCancel(TaskTransitions.complete(processing(), T1)).reason())
                .isEqualTo(Conflict.NOT_CANCELLABLE);

        assertThat(TaskTransitions.refuseRetry(TaskTransitions.cancel(ready, T1))).isNull();
        assertThat(TaskTransitions.refuseRetry(TaskTransitions.failForGood(processing(), "x", T1))).isNull();
        assertThat(TaskTransitions.refuseRetry(ready).reason()).isEqualTo(Conflict.NOT_RETRYABLE);
        assertThatThrownBy(() -> TaskTransitions.require(TaskTransitions.refuseRetry(ready))).isInstanceOf(TaskConflict.class);
    }

    @Test
    void madeReady_onlyWhenTheTaskBecameClaimableNow() {
        Task ready = pending();
        Task delayed = ready.toBuilder().runAt(T1).build();
        Task claimed = processing();
        assertThat(new Transition(Transition.Kind.CREATED, null, ready).madeReady(T0)).isTrue();
        assertThat(new Transition(Transition.Kind.CREATED, null, delayed).madeReady(T0)).as("due later").isFalse();
        assertThat(new Transition(Transition.Kind.CREATED, null, claimed).madeReady(T0)).as("handed over").isFalse();
        assertThat(new Transition(Transition.Kind.RELEASED, claimed, TaskTransitions.release(claimed, T0)).madeReady(T0)).isTrue();
        assertThat(new Transition(Transition.Kind.EDITED, ready, ready.toBuilder().priority(5).build()).madeReady(T0))
                .as("it was ready before").isFalse();
        assertThat(new Transition(Transition.Kind.CLAIMED, ready, claimed).madeReady(T0)).isFalse();

        Committed committed = new Committed(List.of(new Transition(Transition.Kind.CREATED, null, ready),
                new Transition(Transition.Kind.CREATED, null, delayed)), 0, T0);
        assertThat(committed.madeReady()).containsExactly(ready);
    }

    private static Task withStatus(TaskStatus status) {
        return pending().toBuilder().status(status).build();
    }

    @Test
    void dependencyOutcome_releasesWhenEveryParentCompleted_andWaitsOtherwise() {
        Task done = withStatus(TaskStatus.COMPLETED);
        assertThat(TaskTransitions.dependencyOutcome(OnParentFailure.CANCEL, List.of(done, done)))
                .isEqualTo(TaskTransitions.DependencyOutcome.RELEASE);
        assertThat(TaskTransitions.dependencyOutcome(OnParentFailure.CANCEL, List.of(done, withStatus(TaskStatus.PROCESSING))))
                .isEqualTo(TaskTransitions.DependencyOutcome.WAIT);
        assertThat(TaskTransitions.dependencyOutcome(OnParentFailure.RUN, List.of(done, withStatus(TaskStatus.WAITING))))
                .isEqualTo(TaskTransitions.DependencyOutcome.WAIT);
        assertThat(TaskTransitions.dependencyOutcome(OnParentFailure.CANCEL, List.of()))
                .as("parents deleted meanwhile hold nothing back").isEqualTo(TaskTransitions.DependencyOutcome.RELEASE);
    }

    @Test
    void dependencyOutcome_aFailedOrCancelledParent_cancelsUnderCancel_andCountsAsFinishedUnderRun() {
        for (TaskStatus failed : List.of(TaskStatus.FAILED, TaskStatus.CANCELLED)) {
            Task parent = withStatus(failed);
            assertThat(TaskTransitions.dependencyOutcome(OnParentFailure.CANCEL, List.of(parent, withStatus(TaskStatus.PENDING))))
                    .isEqualTo(TaskTransitions.DependencyOutcome.CANCEL);
            assertThat(TaskTransitions.dependencyOutcome(OnParentFailure.RUN, List.of(parent, withStatus(TaskStatus.COMPLETED))))
                    .isEqualTo(TaskTransitions.DependencyOutcome.RELEASE);
            assertThat(TaskTransitions.dependencyOutcome(OnParentFailure.RUN, List.of(parent, withStatus(TaskStatus.PENDING))))
                    .isEqualTo(TaskTransitions.DependencyOutcome.WAIT);
        }
    }

    @Test
    void waitingTasks_areCreatedWaiting_releasedPending_cancelledByParent_andRevived() {
        Task waiting = TaskTransitions.createWaiting(pending().toBuilder(), T0);
        assertThat(waiting.status()).isEqualTo(TaskStatus.WAITING);
        assertThat(waiting.state()).isEqualTo(TaskTransitions.WAITING_FOR_PARENTS);
        assertThat(waiting.isReady(T1)).isFalse();

        Task released = TaskTransitions.dependenciesMet(waiting, T1);
        assertThat(released.status()).isEqualTo(TaskStatus.PENDING);
        assertThat(released.isReady(T1)).isTrue();

        Task cancelled = TaskTransitions.cancelByParent(waiting, T1);
        assertThat(cancelled.status()).isEqualTo(TaskStatus.CANCELLED);
        assertThat(cancelled.state()).isEqualTo(TaskTransitions.CANCELLED_BY_PARENT);
        assertThat(cancelled.finishedAt()).isEqualTo(T1);
        TaskDependency edge = new TaskDependency("acme", cancelled.id(), UUID.randomUUID(), 0, OnParentFailure.CANCEL, true);
        assertThat(TaskTransitions.revivesWithParent(cancelled, edge)).isTrue();
        assertThat(TaskTransitions.revivesWithParent(cancelled, new TaskDependency("acme", cancelled.id(), edge.parentId(), 0,
                OnParentFailure.CANCEL, false))).as("cancelled by an operator").isFalse();
        Task revived = TaskTransitions.revive(cancelled, T1);
        assertThat(revived.status()).isEqualTo(TaskStatus.WAITING);
        assertThat(revived.finishedAt()).isNull();
    }

    @Test
    void aWaitingTask_canBeCancelled_butNotClaimedById() {
        Task waiting = TaskTransitions.createWaiting(pending().toBuilder(), T0);
        assertThat(TaskTransitions.refuseCancel(waiting)).isNull();
        assertThat(TaskTransitions.refuseClaim(waiting, T1).reason()).isEqualTo(Conflict.WAITING_FOR_PARENTS);
    }
}
