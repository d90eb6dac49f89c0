package dev.taskledger.testkit;

import dev.taskledger.queue.Task;
import dev.taskledger.queue.TaskResult;
import dev.taskledger.queue.TaskStats;
import dev.taskledger.queue.TaskStatus;
import dev.taskledger.queue.spi.NewTaskRow;
import dev.taskledger.store.StoreTx;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.taskledger.testkit.JsonText.assertSameTask;
import static dev.taskledger.testkit.SampleTasks.OTHER_TENANT;
import static dev.taskledger.testkit.SampleTasks.T0;
import static dev.taskledger.testkit.SampleTasks.TENANT;
import static dev.taskledger.testkit.SampleTasks.finished;
import static dev.taskledger.testkit.SampleTasks.idsOf;
import static dev.taskledger.testkit.SampleTasks.pending;
import static dev.taskledger.testkit.SampleTasks.processing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The cross-tenant queries of the background loops: findExpiredLeases, findFinishedBefore, deleteFinished, the
 * archive file names; and stats.
 */
public abstract class MaintenanceQueriesContract extends StoreContractSupport {
    private static final Set<TaskStatus> FINISHED = EnumSet.of(TaskStatus.COMPLETED, TaskStatus.FAILED, TaskStatus.CANCELLED);

    private void insert(Task... tasks) {
        run(tx -> tx.insertTasks(NewTaskRow.withoutEvents(List.of(tasks)), null));
    }

    @Test
    public void findExpiredLeases_returnsProcessingTasksOfAnyTenantWithExpiredLease_oldestExpiryFirst() {
        Task expiredLater = processing("mail", "w1", T0.minusSeconds(5)).build();
        Task expiredFirst = processing("mail", "w2", T0.minusSeconds(50)).tenant(OTHER_TENANT).build();
        Task live = processing("mail", "w3", T0.plusSeconds(5)).build();
        Task pendingWithOldLease = pending("mail").leaseExpiresAt(T0.minusSeconds(100)).build();
        Task completedWithOldLease = finished("mail", TaskStatus.COMPLETED, T0).leaseExpiresAt(T0.minusSeconds(100)).build();
        insert(expiredLater, live, expiredFirst, pendingWithOldLease, completedWithOldLease);

        List<Task> found = tx(tx -> tx.tasks().findExpiredLeases(T0, 10));

        assertThat(idsOf(found)).containsExactly(expiredFirst.id(), expiredLater.id());
        assertSameTask(found.getFirst(), expiredFirst);
    }

    @Test
    public void findExpiredLeases_respectsLimit() {
        insert(processing("mail", "a", T0.minusSeconds(3)).build(), processing("mail", "b", T0.minusSeconds(2)).build(),
                processing("mail", "c", T0.minusSeconds(1)).build());

        assertThat(tx((StoreTx tx) -> tx.tasks().findExpiredLeases(T0, 2))).extracting(Task::leaseOwner).containsExactly("a", "b");
    }

    @Test
    public void findExpiredLeases_noneExpired_isEmpty() {
        insert(processing("mail", "a", T0.plusMillis(1)).build());

        assertThat(tx((StoreTx tx) -> tx.tasks().findExpiredLeases(T0, 10))).isEmpty();
    }

    @Test
    public void findFinishedBefore_returnsTasksOfAnyTenantWithTheStatuses_oldestFirst() {
        Task c1 = finished("mail", TaskStatus.COMPLETED, T0.minusSeconds(300)).build();
        Task c2 = finished("mail", TaskStatus.COMPLETED, T0.minusSeconds(100)).tenant(OTHER_TENANT).build();
        Task f1 = finished("mail", TaskStatus.FAILED, T0.minusSeconds(200)).build();
        Task x1 = finished("mail", TaskStatus.CANCELLED, T0.minusSeconds(400)).build();
        Task recent = finished("mail", TaskStatus.COMPLETED, T0.plusSeconds(1)).build();
        insert(c2, recent, f1, x1, c1);

        List<Task> found = tx(tx -> tx.tasks().findFinishedBefore(EnumSet.of(TaskStatus.COMPLETED, TaskStatus.FAILED), T0, 10));

        assertThat(idsOf(found)).containsExactly(c1.id(), f1.id(), c2.id());
        assertThat(idsOf(tx(tx -> tx.tasks().findFinishedBefore(EnumSet.of(TaskStatus.CANCELLED), T0, 10))))
                .containsExactly(x1.id());
    }

    @Test
    public void findFinishedBefore_respectsLimit() {
        Task a = finished("mail", TaskStatus.COMPLETED, T0.minusSeconds(3)).build();
        Task b = finished("mail", TaskStatus.COMPLETED, T0.minusSeconds(2)).build();
        Task c = finished("mail", TaskStatus.COMPLETED, T0.minusSeconds(1)).build();
        insert(c, b, a);

        assertThat(idsOf(tx(tx -> tx.tasks().findFinishedBefore(EnumSet.of(TaskStatus.COMPLETED), T0, 2))))
                .containsExactly(a.id(), b.id());
    }

    @Test
    public void findFinishedBefore_neverReturnsPendingOrProcessing_evenWhenAskedAndFinishedAtIsSet() {
        Task retried = pending("mail").finishedAt(T0.minusSeconds(500)).build();
        Task working = processing("mail", "w", T0.plusSeconds(60)).finishedAt(T0.minusSeconds(500)).build();
        insert(retried, working);

        assertThat(tx((StoreTx tx) -> tx.tasks().findFinishedBefore(EnumSet.allOf(TaskStatus.class), T0, 10))).isEmpty();
    }

    @Test
    public void deleteFinished_deletesTasksOfAnyTenantStillAsRead_withEventsAndResults_andReturnsTheirIds() {
        Task a = finished("mail", TaskStatus.COMPLETED, T0.minusSeconds(1)).build();
        Task b = finished("mail", TaskStatus.FAILED, T0.minusSeconds(1)).tenant(OTHER_TENANT).build();
        Task keep = finished("mail", TaskStatus.COMPLETED, T0.minusSeconds(1)).build();
        insert(a, b, keep);
        run(tx -> {
            tx.events().appendAll(List.of(TaskStoreContract.event(a.id()), TaskStoreContract.event(b.id()),
                    TaskStoreContract.event(keep.id())));
            tx.results().putAll(List.of(new TaskResult(a.id(), "{\"r\":1}", T0), new TaskResult(keep.id(), "{}", T0)));
        });
        Task gone = finished("mail", TaskStatus.COMPLETED, T0.minusSeconds(1)).build(); // never inserted

        Set<UUID> deleted = tx(tx -> tx.tasks().deleteFinished(List.of(a, b, gone), FINISHED, T0));

        assertThat(deleted).containsExactlyInAnyOrder(a.id(), b.id());
        assertThat(tx((StoreTx tx) -> tx.tasks().get(TENANT, a.id()))).isEmpty();
        assertThat(tx((StoreTx tx) -> tx.tasks().get(OTHER_TENANT, b.id()))).isEmpty();
        assertThat(tx((StoreTx tx) -> tx.events().latest(a.id(), 10))).isEmpty();
        assertThat(tx((StoreTx tx) -> tx.events().latest(b.id(), 10))).isEmpty();
        assertThat(tx((StoreTx tx) -> tx.results().get(a.id()))).isEmpty();
        assertThat(tx((StoreTx tx) -> tx.tasks().get(TENANT, keep.id()))).isPresent();
        assertThat(tx((StoreTx tx) -> tx.events().latest(keep.id(), 10))).hasSize(1);
        assertThat(tx((StoreTx tx) -> tx.results().get(keep.id()))).isPresent();
        assertThat(tx((StoreTx tx) -> tx.tasks().deleteFinished(List.of(), FINISHED, T0))).isEmpty();
    }

    @Test
    public void deleteFinished_leavesAloneTasksThatChangedSinceTheyWereRead_orAreNotDue() {
        Task retried = finished("mail", TaskStatus.FAILED, T0.minusSeconds(9)).build();
        Task edited = finished("mail", TaskStatus.COMPLETED, T0.minusSeconds(9)).build();
        Task rerun = finished("mail", TaskStatus.FAILED, T0.minusSeconds(9)).build();
        Task recent = finished("mail", TaskStatus.COMPLETED, T0).build();
        Task cancelled = finished("mail", TaskStatus.CANCELLED, T0.minusSeconds(9)).build();
        Task pendingWithOldFinish = pending("mail").finishedAt(T0.minusSeconds(9)).build();
        Task due = finished("mail", TaskStatus.COMPLETED, T0.minusSeconds(9)).build();
        insert(retried, edited, rerun, recent, cancelled, pendingWithOldFinish, due);
        run(tx -> tx.tasks().update(retried.toBuilder().status(TaskStatus.PENDING).finishedAt(null).build()));
        run(tx -> tx.tasks().update(edited.toBuilder().metadata("{\"note\":\"kept\"}").build()));
        run(tx -> tx.tasks().update(rerun.toBuilder().finishedAt(T0.plusSeconds(1)).build()));

        Set<UUID> deleted = tx(tx -> tx.tasks().deleteFinished(List.of(retried, edited, rerun, recent, cancelled,
                pendingWithOldFinish, due), EnumSet.of(TaskStatus.COMPLETED, TaskStatus.FAILED, TaskStatus.PENDING), T0));

        assertThat(deleted).containsExactly(due.id());
        for (Task t : List.of(retried, edited, rerun, recent, cancelled, pendingWithOldFinish)) {
            assertThat(tx((StoreTx tx) -> tx.tasks().get(TENANT, t.id()))).as("task %s", t.id()).isPresent();
        }
    }

    @Test
    public void findFinishedBefore_skipsATaskAnotherTransactionIsChanging() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(capabilities().skipLocked(),
                capabilities().name() + " runs one writer at a time: no transaction can change a task meanwhile");
        Task busy = finished("mail", TaskStatus.FAILED, T0.minusSeconds(9)).build();
        Task idle = finished("mail", TaskStatus.FAILED, T0.minusSeconds(8)).build();
        insert(busy, idle);
        CountDownLatch changed = new CountDownLatch(1);
        CountDownLatch found = new CountDownLatch(1);
        CompletableFuture<Void> retry = CompletableFuture.runAsync(() -> run(tx -> {
            tx.tasks().update(busy.toBuilder().status(TaskStatus.PENDING).finishedAt(null).build()); // a retry, not committed yet
            changed.countDown();
            await(found);
        }));
        try {
            await(changed);
            List<Task> due = tx(tx -> tx.tasks().findFinishedBefore(FINISHED, T0, 10));
            assertThat(idsOf(due)).containsExactly(idle.id());
        } finally {
            found.countDown();
            retry.get(30, TimeUnit.SECONDS);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("the other transaction did not get there within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    public void archiveFiles_addListAndRemoveNames_andRollBackWithTheTransaction() {
        run(tx -> tx.archiveFiles().add("tasks-a.ndjson.gz", T0));
        run(tx -> tx.archiveFiles().add("events-b.ndjson.gz", T0));
        assertThat(tx((StoreTx tx) -> tx.archiveFiles().names())).containsExactlyInAnyOrder("tasks-a.ndjson.gz", "events-b.ndjson.gz");

        run(tx -> tx.archiveFiles().remove("tasks-a.ndjson.gz"));
        assertThat(tx((StoreTx tx) -> tx.archiveFiles().names())).containsExactly("events-b.ndjson.gz");

        if (capabilities().transactional()) {
            assertThatThrownBy(() -> run(tx -> {
                tx.archiveFiles().add("tasks-c.ndjson.gz", T0);
                throw new IllegalStateException("rolled back");
            })).hasMessage("rolled back");
            assertThat(tx((StoreTx tx) -> tx.archiveFiles().names())).containsExactly("events-b.ndjson.gz");
        }
    }

    @Test
    public void stats_countsPerTypeAndStatus_forThisTenantOnly() {
        insert(pending("mail").build(), pending("mail").build(), pending("sms").build(),
                processing("mail", "w", T0.plusSeconds(9)).build(), finished("mail", TaskStatus.COMPLETED, T0).build(),
                finished("sms", TaskStatus.FAILED, T0).build(), finished("sms", TaskStatus.FAILED, T0).build(),
                pending(OTHER_TENANT, "mail").build(), pending(OTHER_TENANT, "other-type").build());

        TaskStats stats = tx(tx -> tx.tasks().stats(TENANT, T0));

        assertThat(stats.counts().stream().filter(c -> c.count() > 0).toList()).containsExactlyInAnyOrder(
                new TaskStats.Count("mail", TaskStatus.PENDING, 2),
                new TaskStats.Count("sms", TaskStatus.PENDING, 1),
                new TaskStats.Count("mail", TaskStatus.PROCESSING, 1),
                new TaskStats.Count("mail", TaskStatus.COMPLETED, 1),
                new TaskStats.Count("sms", TaskStatus.FAILED, 2));
    }

    @Test
    public void stats_oldestReadyRunAt_isTheEarliestRunAtOfReadyPendingTasks() {
        insert(pending("mail").runAt(T0.minusSeconds(30)).build(), pending("sms").runAt(T0.minusMillis(1500)).build(),
                pending("mail").runAt(T0.plusSeconds(1)).build(),
                processing("mail", "w", T0.plusSeconds(9)).runAt(T0.minusSeconds(999)).build(),
                pending(OTHER_TENANT, "mail").runAt(T0.minusSeconds(5000)).build());

        assertThat(tx((StoreTx tx) -> tx.tasks().stats(TENANT, T0)).oldestReadyRunAt()).isEqualTo(T0.minusSeconds(30));
    }

    @Test
    public void stats_noReadyTask_hasNullOldestReadyRunAt_andEmptyStoreHasNoCounts() {
        assertThat(tx((StoreTx tx) -> tx.tasks().stats(TENANT, T0)).counts()).allSatisfy(c -> assertThat(c.count()).isZero());

        insert(pending("mail").runAt(T0.plusSeconds(60)).build(), finished("mail", TaskStatus.COMPLETED, T0).build());

        assertThat(tx((StoreTx tx) -> tx.tasks().stats(TENANT, T0)).oldestReadyRunAt()).isNull();
    }
}
