package dev.taskledger.testkit;

import dev.taskledger.common.ServiceException;
import dev.taskledger.queue.Completion;
import dev.taskledger.queue.ItemOutcome;
import dev.taskledger.queue.LeaseExtension;
import dev.taskledger.queue.Task;
import dev.taskledger.queue.TaskEvent;
import dev.taskledger.queue.TaskResult;
import dev.taskledger.queue.TaskStatus;
import dev.taskledger.queue.WorkService;
import dev.taskledger.queue.spi.TaskStore;
import dev.taskledger.store.Store;
import dev.taskledger.store.StoreTx;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import static dev.taskledger.testkit.JsonText.sameJson;
import static dev.taskledger.testkit.Proxies.replacing;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Batched worker calls ({@code WorkService.completeAll}, {@code heartbeatAll}): each item is judged as its
 * single-item call would judge it, outcomes come back in request order, and the audit rows and results are
 * written for exactly the items that changed — including when a task changed between the batch's read and its
 * write (the item is re-read and judged again).
 */
public abstract class BatchWorkContract extends ServiceContractSupport {

    private List<Task> claimed(int n) {
        for (int i = 0; i < n; i++) {
            create(newTask("mail"));
        }
        List<Task> claimed = claim("w1", n);
        assertThat(claimed).hasSize(n);
        return claimed;
    }

    @Test
    public void completeAll_judgesEachItem_andAnswersInRequestOrder() {
        List<Task> c = claimed(3);
        Task cancelled = claimed(1).getFirst();
        tasks.cancel(TENANT, cancelled.id());
        UUID unknown = UUID.randomUUID();
        Instant t1 = clock.advanceSeconds(2);

        List<ItemOutcome> out = work.completeAll(TENANT, List.of(
                new Completion(c.get(2).id(), c.get(2).leaseToken(), "{\"n\":2}"),
                new Completion(unknown, "x", null),
                new Completion(c.get(0).id(), c.get(0).leaseToken(), "{\"n\":0}"),
                new Completion(c.get(1).id(), "not-the-token", null),
                new Completion(cancelled.id(), cancelled.leaseToken(), null)));

        assertThat(out).extracting(ItemOutcome::id).containsExactly(c.get(2).id(), unknown, c.get(0).id(),
                c.get(1).id(), cancelled.id());
        assertThat(out.get(0).task().status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(out.get(0).task().finishedAt()).isEqualTo(t1);
        assertThat(out.get(0).task().version()).isEqualTo(c.get(2).version() + 1);
        assertThat(out.get(1).error().kind()).isEqualTo(ServiceException.Kind.NOT_FOUND);
        assertThat(out.get(2).task().status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(out.get(3).error().getMessage()).contains("lease lost");
        assertThat(out.get(4).error()).isInstanceOfSatisfying(ServiceException.TaskConflict.class,
                e -> assertThat(e.currentStatus()).isEqualTo("cancelled"));

        JsonText.assertSameTask(tasks.get(TENANT, c.get(0).id()), out.get(2).task());
        assertThat(tasks.get(TENANT, c.get(1).id()).status()).isEqualTo(TaskStatus.PROCESSING);
        assertThat(sameJson(tasks.result(TENANT, c.get(2).id()).payload(), "{\"n\":2}")).isTrue();
        assertThat(sameJson(tasks.result(TENANT, c.get(0).id()).payload(), "{\"n\":0}")).isTrue();
        List<TaskEvent> events = events(c.get(0).id());
        assertThat(events).extracting(TaskEvent::status).containsExactly(TaskStatus.COMPLETED, TaskStatus.PROCESSING,
                TaskStatus.PENDING);
        assertThat(events.getFirst().actor()).isEqualTo("WORKER:w1");
        assertThat(events.getFirst().createdAt()).isEqualTo(t1);
        assertThat(sameJson(events.getFirst().detail(), "{\"attempt\":1}")).as(events.getFirst().detail()).isTrue();
        assertThat(events(c.get(1).id())).hasSize(2);
    }

    @Test
    public void completeAll_repeatedBatch_answersTheCompletedTasksAgain_withoutNewEventsOrResults() {
        List<Task> c = claimed(2);
        List<Completion> batch = List.of(new Completion(c.get(0).id(), c.get(0).leaseToken(), "{\"r\":1}"),
                new Completion(c.get(1).id(), c.get(1).leaseToken(), null));
        List<ItemOutcome> first = work.completeAll(TENANT, batch);
        clock.advanceSeconds(5);

        List<ItemOutcome> again = work.completeAll(TENANT, List.of(
                new Completion(c.get(0).id(), c.get(0).leaseToken(), "{\"r\":2}"), batch.get(1)));

        assertThat(again).allMatch(ItemOutcome::isOk);
        JsonText.assertSameTask(again.get(0).task(), first.get(0).task());
        JsonText.assertSameTask(again.get(1).task(), first.get(1).task());
        assertThat(events(c.get(0).id())).hasSize(3);
        assertThat(sameJson(tasks.result(TENANT, c.get(0).id()).payload(), "{\"r\":1}")).isTrue();
    }

    @Test
    public void completeAll_sameTaskTwiceInOneBatch_completesItOnce_andAnswersBoth() {
        Task t = claimed(1).getFirst();

        List<ItemOutcome> out = work.completeAll(TENANT, List.of(new Completion(t.id(), t.leaseToken(), "{\"a\":1}"),
                new Completion(t.id(), t.leaseToken(), "{\"a\":2}"), new Completion(t.id(), "stale", null)));

        assertThat(out.get(0).isOk()).isTrue();
        JsonText.assertSameTask(out.get(1).task(), out.get(0).task());
        assertThat(out.get(2).error().getMessage()).contains("not processing");
        assertThat(events(t.id())).hasSize(3);
        assertThat(sameJson(tasks.result(TENANT, t.id()).payload(), "{\"a\":1}")).isTrue();
    }

    @Test
    public void completeAll_taskChangedBetweenReadAndWrite_isReadAgainAndCompleted() {
        List<Task> c = claimed(3);
        // a writer that slips in between the batch's read and its write: it bumps the second task's version
        WorkService interfered = queueOver(interfering(store, c.get(1).id()), SETTINGS).work();

        List<ItemOutcome> out = interfered.completeAll(TENANT, c.stream()
                .map(t -> new Completion(t.id(), t.leaseToken(), "{\"done\":true}")).toList());

        assertThat(out).allMatch(ItemOutcome::isOk);
        Task second = tasks.get(TENANT, c.get(1).id());
        assertThat(second.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(second.state()).isEqualTo("Completed");
        assertThat(second.version()).isEqualTo(c.get(1).version() + 2); // the interfering write, then the completion
        JsonText.assertSameTask(second, out.get(1).task());
        for (Task t : c) {
            assertThat(events(t.id())).extracting(TaskEvent::status).first().isEqualTo(TaskStatus.COMPLETED);
            assertThat(events(t.id())).hasSize(3);
            TaskResult result = tasks.result(TENANT, t.id());
            assertThat(result.taskId()).isEqualTo(t.id());
            assertThat(sameJson(result.payload(), "{\"done\":true}")).as(result.payload()).isTrue();
        }
    }

    @Test
    public void heartbeatAll_extendsHeldLeases_andRefusesLostOnes() {
        List<Task> c = claimed(2);
        Task cancelled = claimed(1).getFirst();
        tasks.cancel(TENANT, cancelled.id());
        Instant t1 = clock.advanceSeconds(100);

        List<ItemOutcome> out = work.heartbeatAll(TENANT, List.of(
                new LeaseExtension(c.get(1).id(), c.get(1).leaseToken(), 60),
                new LeaseExtension(cancelled.id(), cancelled.leaseToken(), null),
                new LeaseExtension(c.get(0).id(), c.get(0).leaseToken(), null),
                new LeaseExtension(c.get(0).id(), "old-token", null)));

        assertThat(out.get(0).task().leaseExpiresAt()).isEqualTo(t1.plusSeconds(60));
        assertThat(out.get(1).error()).isInstanceOfSatisfying(ServiceException.TaskConflict.class,
                e -> assertThat(e.currentStatus()).isEqualTo("cancelled"));
        assertThat(out.get(2).task().leaseExpiresAt()).isEqualTo(t1.plusSeconds(300));
        assertThat(out.get(3).error().getMessage()).contains("lease lost");
        assertThat(tasks.get(TENANT, c.get(1).id()).leaseExpiresAt()).isEqualTo(t1.plusSeconds(60));
        assertThat(tasks.get(TENANT, c.get(0).id()).leaseExpiresAt()).isEqualTo(t1.plusSeconds(300));
        assertThat(events(c.get(0).id())).as("a plain lease extension writes no event").hasSize(2);
    }

    /** {@code store}, except that each {@code updateAll} first changes task {@code victim} (state and version). */
    private static Store interfering(Store store, UUID victim) {
        return replacing(Store.class, store, "inTransaction", args -> {
            @SuppressWarnings("unchecked")
            Function<StoreTx, Object> work = (Function<StoreTx, Object>) args[0];
            return store.inTransaction(tx -> work.apply(replacing(StoreTx.class, tx, "tasks",
                    ignored -> replacing(TaskStore.class, tx.tasks(), "updateAll", a -> {
                        Task current = tx.tasks().get(TENANT, victim).orElseThrow();
                        tx.tasks().update(current.toBuilder().state("changed meanwhile").build());
                        @SuppressWarnings("unchecked")
                        List<Task> writes = (List<Task>) a[0];
                        return tx.tasks().updateAll(writes);
                    }))));
        });
    }
}
