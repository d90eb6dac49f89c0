package dev.taskledger.testkit;

import dev.taskledger.queue.Task;
import dev.taskledger.queue.TaskEvent;
import dev.taskledger.queue.TaskResult;
import dev.taskledger.queue.TaskStatus;
import dev.taskledger.queue.spi.NewTaskRow;
import dev.taskledger.store.StoreTx;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static dev.taskledger.testkit.JsonText.assertSameEvent;
import static dev.taskledger.testkit.JsonText.sameJson;
import static dev.taskledger.testkit.SampleTasks.T0;
import static dev.taskledger.testkit.SampleTasks.pending;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code EventStore} (append, latest N newest first, retention) and {@code ResultStore} (put, replace, get). */
public abstract class EventAndResultContract extends StoreContractSupport {
    private Task task;
    private Task other;

    @BeforeEach
    protected final void insertTasks() {
        task = pending("mail").build();
        other = pending("mail").build();
        run(tx -> tx.insertTasks(NewTaskRow.withoutEvents(List.of(task, other)), null));
    }

    private TaskEvent event(UUID taskId, TaskStatus status, String actor, String detail, java.time.Instant at) {
        return new TaskEvent(SampleTasks.newId(), taskId, status, status.wireName() + " state", detail, actor, at);
    }

    private List<TaskEvent> latest(UUID taskId, int limit) {
        return tx(tx -> tx.events().latest(taskId, limit));
    }

    @Test
    public void appendAll_roundTripsEveryField_includingNullStateAndDetail() {
        TaskEvent full = new TaskEvent(SampleTasks.newId(), task.id(), TaskStatus.PROCESSING, "Processing",
                "{\"attempt\":2,\"nested\":{\"a\":[1,\"x\"]}}", "WORKER:w-1", T0);
        TaskEvent bare = new TaskEvent(SampleTasks.newId(), task.id(), TaskStatus.COMPLETED, null, null, "SYSTEM",
                T0.plusMillis(1));

        run(tx -> tx.events().appendAll(List.of(full, bare)));

        List<TaskEvent> got = latest(task.id(), 10);
        assertThat(got).hasSize(2);
        assertSameEvent(got.get(0), bare);
        assertSameEvent(got.get(1), full);
    }

    @Test
    public void insertTasks_writesTheEventsOfInsertedTasksOnly_notOfDuplicates() {
        Task keyed = pending("mail").inputHash(SampleTasks.hash("k")).build();
        run(tx -> tx.insertTasks(NewTaskRow.withoutEvents(List.of(keyed)), null));
        Task fresh = pending("mail").build();
        Task duplicate = pending("mail").inputHash(SampleTasks.hash("k")).build();
        TaskEvent freshCreated = event(fresh.id(), TaskStatus.PENDING, "API", "{\"n\":1}", T0);
        TaskEvent freshClaimed = event(fresh.id(), TaskStatus.PROCESSING, "WORKER:w", null, T0);
        TaskEvent duplicateCreated = event(duplicate.id(), TaskStatus.PENDING, "API", null, T0);

        List<dev.taskledger.queue.spi.TaskStore.Inserted> inserted = tx(tx -> tx.insertTasks(List.of(
                new NewTaskRow(fresh, List.of(freshCreated, freshClaimed)), new NewTaskRow(duplicate, List.of(duplicateCreated))),
                SampleTasks.TENANT));

        assertThat(inserted).extracting(i -> i.created()).containsExactly(true, false);
        assertThat(inserted.get(1).task().id()).isEqualTo(keyed.id());
        List<TaskEvent> got = latest(fresh.id(), 10);
        assertThat(got).hasSize(2);
        assertSameEvent(got.get(0), freshClaimed);
        assertSameEvent(got.get(1), freshCreated);
        assertThat(latest(duplicate.id(), 10)).isEmpty();
        assertThat(latest(keyed.id(), 10)).isEmpty();
    }

    @Test
    public void latest_returnsNewestFirst_limitedToN_andOnlyThatTasksEvents() {
        List<TaskEvent> events = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            events.add(event(task.id(), TaskStatus.PENDING, "API", "{\"i\":" + i + "}", T0.plusSeconds(i)));
        }
        events.add(event(other.id(), TaskStatus.PENDING, "API", null, T0.plusSeconds(100)));
        run(tx -> tx.events().appendAll(List.of(events.get(3), events.get(0), events.get(7), events.get(8),
                events.get(5), events.get(1), events.get(6), events.get(2), events.get(4))));

        List<TaskEvent> got = latest(task.id(), 5);

        assertThat(got).extracting(TaskEvent::id).containsExactly(events.get(7).id(), events.get(6).id(),
                events.get(5).id(), events.get(4).id(), events.get(3).id());
        assertThat(latest(task.id(), 100)).hasSize(8);
    }

    @Test
    public void latest_sameCreatedAt_breaksTiesByIdNewestFirst() {
        TaskEvent a = event(task.id(), TaskStatus.PENDING, "API", null, T0);
        TaskEvent b = event(task.id(), TaskStatus.PROCESSING, "WORKER:w", null, T0);
        TaskEvent c = event(task.id(), TaskStatus.COMPLETED, "WORKER:w", null, T0);
        run(tx -> tx.events().appendAll(List.of(b, c, a)));

        assertThat(latest(task.id(), 10)).extracting(TaskEvent::id).containsExactly(c.id(), b.id(), a.id());
    }

    @Test
    public void latest_taskWithoutEvents_isEmpty() {
        assertThat(latest(task.id(), 10)).isEmpty();
        assertThat(latest(UUID.randomUUID(), 10)).isEmpty();
    }

    @Test
    public void appendAll_emptyList_doesNothing() {
        run(tx -> tx.events().appendAll(List.of()));

        assertThat(latest(task.id(), 10)).isEmpty();
    }

    @Test
    public void deleteOlderThan_deletesUpToLimitOfEventsCreatedBefore_acrossTasks() {
        List<TaskEvent> old = List.of(event(task.id(), TaskStatus.PENDING, "API", null, T0.minusSeconds(30)),
                event(other.id(), TaskStatus.PENDING, "API", null, T0.minusSeconds(20)),
                event(task.id(), TaskStatus.PROCESSING, "API", null, T0.minusSeconds(10)));
        TaskEvent fresh = event(task.id(), TaskStatus.COMPLETED, "API", null, T0.plusSeconds(1));
        run(tx -> {
            tx.events().appendAll(old);
            tx.events().appendAll(List.of(fresh));
        });

        int first = tx(tx -> tx.events().deleteOlderThan(T0, 2));
        int second = tx(tx -> tx.events().deleteOlderThan(T0, 2));
        int third = tx(tx -> tx.events().deleteOlderThan(T0, 2));

        assertThat(List.of(first, second, third)).containsExactly(2, 1, 0);
        assertThat(latest(task.id(), 10)).extracting(TaskEvent::id).containsExactly(fresh.id());
        assertThat(latest(other.id(), 10)).isEmpty();
    }

    @Test
    public void deleteOlderThan_takesTheOldestFirst() {
        TaskEvent oldest = event(task.id(), TaskStatus.PENDING, "API", null, T0.minusSeconds(30));
        TaskEvent middle = event(other.id(), TaskStatus.PENDING, "API", null, T0.minusSeconds(20));
        TaskEvent newest = event(task.id(), TaskStatus.PROCESSING, "API", null, T0.minusSeconds(10));
        run(tx -> tx.events().appendAll(List.of(newest, oldest, middle)));

        assertThat(tx((StoreTx tx) -> tx.events().deleteOlderThan(T0, 1))).isEqualTo(1);

        assertThat(latest(task.id(), 10)).extracting(TaskEvent::id).containsExactly(newest.id());
        assertThat(latest(other.id(), 10)).extracting(TaskEvent::id).containsExactly(middle.id());
    }

    @Test
    public void findOlderThan_returnsEventsOfAnyTaskCreatedBefore_oldestFirst_upToLimit() {
        TaskEvent a = event(task.id(), TaskStatus.PENDING, "API", "{\"x\":1}", T0.minusSeconds(30));
        TaskEvent b = event(other.id(), TaskStatus.PENDING, "SYSTEM", null, T0.minusSeconds(20));
        TaskEvent c = event(task.id(), TaskStatus.PROCESSING, "WORKER:w", null, T0.minusMillis(1));
        TaskEvent fresh = event(task.id(), TaskStatus.COMPLETED, "WORKER:w", null, T0);
        run(tx -> tx.events().appendAll(List.of(fresh, c, a, b)));

        List<TaskEvent> found = tx(tx -> tx.events().findOlderThan(T0, 10));
        List<TaskEvent> two = tx(tx -> tx.events().findOlderThan(T0, 2));

        assertThat(found).extracting(TaskEvent::id).containsExactly(a.id(), b.id(), c.id());
        assertSameEvent(found.getFirst(), a);
        assertThat(two).extracting(TaskEvent::id).containsExactly(a.id(), b.id());
        assertThat(latest(task.id(), 10)).as("finding deletes nothing").hasSize(3);
    }

    @Test
    public void deleteAll_deletesTheEventsWithTheseIds_andReturnsTheIdsItDeleted() {
        TaskEvent a = event(task.id(), TaskStatus.PENDING, "API", null, T0);
        TaskEvent b = event(other.id(), TaskStatus.PENDING, "API", null, T0);
        TaskEvent keep = event(task.id(), TaskStatus.PROCESSING, "API", null, T0.plusSeconds(1));
        run(tx -> tx.events().appendAll(List.of(a, b, keep)));

        Set<UUID> deleted = tx(tx -> tx.events().deleteAll(List.of(a.id(), b.id(), UUID.randomUUID())));

        assertThat(deleted).containsExactlyInAnyOrder(a.id(), b.id());
        assertThat(latest(task.id(), 10)).extracting(TaskEvent::id).containsExactly(keep.id());
        assertThat(latest(other.id(), 10)).isEmpty();
        assertThat(tx((StoreTx tx) -> tx.events().deleteAll(List.of()))).isEmpty();
        assertThat(tx((StoreTx tx) -> tx.tasks().get(SampleTasks.TENANT, task.id()))).as("the task stays").isPresent();
    }

    @Test
    public void putAll_insertsResults_andGetReturnsThem() {
        TaskResult r1 = new TaskResult(task.id(), "{\"generated_text\":\"hi\",\"metadata\":{\"tokens_used\":150}}", T0);
        TaskResult r2 = new TaskResult(other.id(), "[1,2,3]", T0.plusMillis(7));

        run(tx -> tx.results().putAll(List.of(r1, r2)));

        assertSameResult(tx(tx -> tx.results().get(task.id())).orElseThrow(), r1);
        assertSameResult(tx(tx -> tx.results().get(other.id())).orElseThrow(), r2);
    }

    @Test
    public void putAll_replacesAnExistingResult() {
        run(tx -> tx.results().putAll(List.of(new TaskResult(task.id(), "{\"v\":1}", T0))));
        TaskResult replacement = new TaskResult(task.id(), "{\"v\":2,\"more\":true}", T0.plusSeconds(3));

        run(tx -> tx.results().putAll(List.of(replacement)));

        assertSameResult(tx(tx -> tx.results().get(task.id())).orElseThrow(), replacement);
    }

    @Test
    public void get_taskWithoutResult_isEmpty() {
        assertThat(tx((StoreTx tx) -> tx.results().get(task.id()))).isEmpty();
        assertThat(tx((StoreTx tx) -> tx.results().get(UUID.randomUUID()))).isEmpty();
    }

    @Test
    public void putAll_resultsThatAreJsonScalars_roundTrip() {
        run(tx -> tx.results().putAll(List.of(new TaskResult(task.id(), "\"just text\"", T0),
                new TaskResult(other.id(), "42.5", T0))));

        assertSameResult(tx(tx -> tx.results().get(task.id())).orElseThrow(), new TaskResult(task.id(), "\"just text\"", T0));
        assertSameResult(tx(tx -> tx.results().get(other.id())).orElseThrow(), new TaskResult(other.id(), "42.5", T0));
    }

    static void assertSameResult(TaskResult actual, TaskResult expected) {
        assertThat(actual.taskId()).isEqualTo(expected.taskId());
        assertThat(actual.createdAt()).isEqualTo(expected.createdAt());
        assertThat(sameJson(actual.payload(), expected.payload()))
                .as("result payload %s is the same JSON as %s", actual.payload(), expected.payload()).isTrue();
    }
}
