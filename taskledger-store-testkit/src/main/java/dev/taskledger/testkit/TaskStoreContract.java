package dev.taskledger.testkit;

import dev.taskledger.queue.Task;
import dev.taskledger.queue.TaskEvent;
import dev.taskledger.queue.TaskResult;
import dev.taskledger.queue.TaskStatus;
import dev.taskledger.queue.spi.NewTaskRow;
import dev.taskledger.queue.spi.TaskStore;
import dev.taskledger.store.StoreException;
import dev.taskledger.store.StoreTx;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.taskledger.testkit.JsonText.assertSameTask;
import static dev.taskledger.testkit.SampleTasks.OTHER_TENANT;
import static dev.taskledger.testkit.SampleTasks.T0;
import static dev.taskledger.testkit.SampleTasks.TENANT;
import static dev.taskledger.testkit.SampleTasks.hash;
import static dev.taskledger.testkit.SampleTasks.pending;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link TaskStore} and {@link StoreTx#insertTasks}: inserts (with idempotent duplicates), get, getAll, update and updateAll (CAS), delete. */
public abstract class TaskStoreContract extends StoreContractSupport {

    private List<TaskStore.Inserted> insert(Task... tasks) {
        return tx(tx -> tx.insertTasks(NewTaskRow.withoutEvents(List.of(tasks)), null));
    }

    private Task stored(String tenant, UUID id) {
        return tx(tx -> tx.tasks().get(tenant, id)).orElseThrow(() -> new AssertionError("task " + id + " not stored"));
    }

    @Test
    public void insertAll_returnsEveryTaskAsCreated_inInputOrder() {
        Task a = pending("mail").build();
        Task b = pending("sms").priority(5).build();
        Task c = pending("mail").inputHash(hash("c")).build();

        List<TaskStore.Inserted> out = insert(a, b, c);

        assertThat(out).extracting(TaskStore.Inserted::created).containsExactly(true, true, true);
        assertSameTask(out.get(0).task(), a);
        assertSameTask(out.get(1).task(), b);
        assertSameTask(out.get(2).task(), c);
        assertSameTask(stored(TENANT, b.id()), b);
    }

    @Test
    public void insertAll_emptyList_returnsEmptyList() {
        assertThat(insert()).isEmpty();
    }

    @Test
    public void get_roundTripsEveryField_includingTagsJsonAndNullableInstants() {
        Task full = pending("render").status(TaskStatus.PROCESSING).state("Rendering page 3").progress(42).priority(-7)
                .payload("{\"doc\":{\"pages\":[1,2,3]},\"flag\":true,\"n\":null}")
                .metadata("{\"repo\":\"a/b\",\"depth\":2}")
                .tags(Map.of("service", "generative", "source", "agent-api", "empty", ""))
                .error("previous attempt: timeout").inputHash(hash("full")).retryCount(2).maxAttempts(7)
                .leaseSeconds(45).runAt(T0.minusSeconds(30)).leaseOwner("worker-1").leaseToken("tok-123")
                .leaseExpiresAt(T0.plusSeconds(45)).createdAt(T0.minusSeconds(60)).updatedAt(T0)
                .startedAt(T0.minusMillis(1)).finishedAt(T0.plusMillis(999)).version(17).build();
        Task bare = pending("render").tags(Map.of()).build();

        insert(full, bare);

        assertSameTask(stored(TENANT, full.id()), full);
        assertSameTask(stored(TENANT, bare.id()), bare);
    }

    @Test
    public void insertAll_duplicateInputHash_returnsExistingTaskNotCreated() {
        Task first = pending("mail").inputHash(hash("k1")).payload("{\"v\":1}").build();
        insert(first);
        Task again = pending("mail").inputHash(hash("k1")).payload("{\"v\":2}").priority(9).build();

        List<TaskStore.Inserted> out = insert(again);

        assertThat(out).hasSize(1);
        assertThat(out.getFirst().created()).isFalse();
        assertSameTask(out.getFirst().task(), first);
        assertThat(tx((StoreTx tx) -> tx.tasks().get(TENANT, again.id()))).as("the duplicate is not stored").isEmpty();
    }

    @Test
    public void insertAll_sameInputHashInAnotherTenant_createsNewTask() {
        insert(pending("mail").inputHash(hash("k1")).build());
        Task other = pending(OTHER_TENANT, "mail").inputHash(hash("k1")).build();

        List<TaskStore.Inserted> out = insert(other);

        assertThat(out.getFirst().created()).isTrue();
        assertSameTask(stored(OTHER_TENANT, other.id()), other);
    }

    @Test
    public void insertAll_sameInputHashWithAnotherType_createsNewTask() {
        insert(pending("mail").inputHash(hash("k1")).build());
        Task other = pending("sms").inputHash(hash("k1")).build();

        List<TaskStore.Inserted> out = insert(other);

        assertThat(out.getFirst().created()).isTrue();
        assertSameTask(stored(TENANT, other.id()), other);
    }

    @Test
    public void insertAll_duplicateWithinOneCall_laterGetsTheEarlierTask() {
        Task a = pending("mail").inputHash(hash("same")).payload("{\"v\":1}").build();
        Task plain = pending("mail").build();
        Task b = pending("mail").inputHash(hash("same")).payload("{\"v\":2}").build();

        List<TaskStore.Inserted> out = insert(a, plain, b);

        assertThat(out).extracting(TaskStore.Inserted::created).containsExactly(true, true, false);
        assertSameTask(out.get(2).task(), a);
        assertThat(tx((StoreTx tx) -> tx.tasks().get(TENANT, b.id()))).isEmpty();
    }

    @Test
    public void insertAll_mixOfExistingDuplicateAndNewTasks_keepsInputOrder() {
        Task existing = pending("mail").inputHash(hash("old")).build();
        insert(existing);
        Task n1 = pending("mail").build();
        Task dup = pending("mail").inputHash(hash("old")).build();
        Task n2 = pending("mail").inputHash(hash("new")).build();

        List<TaskStore.Inserted> out = insert(n1, dup, n2);

        assertThat(out).extracting(TaskStore.Inserted::created).containsExactly(true, false, true);
        assertThat(out).extracting(i -> i.task().id()).containsExactly(n1.id(), existing.id(), n2.id());
    }

    @Test
    public void insertAll_nullInputHash_neverCollides() {
        Task a = pending("mail").payload("{\"same\":1}").build();
        Task b = pending("mail").payload("{\"same\":1}").build();
        insert(a);

        List<TaskStore.Inserted> out = insert(b, pending("mail").payload("{\"same\":1}").build());

        assertThat(out).extracting(TaskStore.Inserted::created).containsExactly(true, true);
        assertSameTask(stored(TENANT, a.id()), a);
        assertSameTask(stored(TENANT, b.id()), b);
    }

    @Test
    public void insertAll_repeatedIdInOneCall_throwsDuplicateKey() {
        Task a = pending("mail").build();
        Task sameId = pending("sms").id(a.id()).build();

        assertThatThrownBy(() -> insert(a, sameId)).isInstanceOf(StoreException.DuplicateKey.class);
    }

    @Test
    public void insertAll_idThatExists_throwsDuplicateKey_andKeepsTheStoredTask() {
        Task a = pending("mail").build();
        insert(a);

        assertThatThrownBy(() -> insert(pending("sms").id(a.id()).build())).isInstanceOf(StoreException.DuplicateKey.class);
        assertSameTask(stored(TENANT, a.id()), a);
    }

    @Test
    public void get_otherTenantOrUnknownId_isEmpty() {
        Task a = pending("mail").build();
        insert(a);

        assertThat(tx((StoreTx tx) -> tx.tasks().get(OTHER_TENANT, a.id()))).isEmpty();
        assertThat(tx((StoreTx tx) -> tx.tasks().get(TENANT, UUID.randomUUID()))).isEmpty();
    }

    @Test
    public void getAll_returnsOnlyThisTenantsExistingTasks() {
        Task a = pending("mail").build();
        Task b = pending("sms").build();
        Task foreign = pending(OTHER_TENANT, "mail").build();
        insert(a, b, foreign);

        List<Task> got = tx(tx -> tx.tasks().getAll(TENANT, List.of(a.id(), foreign.id(), UUID.randomUUID(), b.id())));

        assertThat(got).extracting(Task::id).containsExactlyInAnyOrder(a.id(), b.id());
        assertThat(tx((StoreTx tx) -> tx.tasks().getAll(TENANT, List.of()))).isEmpty();
    }

    @Test
    public void update_writesEveryMutableField_andIncrementsVersion() {
        Task original = pending("render").tags(Map.of("a", "1", "b", "2")).metadata("{\"x\":1}").build();
        insert(original);
        Task changed = original.toBuilder().status(TaskStatus.PROCESSING).state("Working").progress(55).priority(30)
                .metadata("{\"x\":2,\"y\":{\"z\":\"w\"}}").tags(Map.of("b", "3", "c", "4"))
                .error("oops").retryCount(2).maxAttempts(9).leaseSeconds(60).runAt(T0.plusSeconds(5))
                .leaseOwner("w9").leaseToken("tok-9").leaseExpiresAt(T0.plusSeconds(65)).updatedAt(T0.plusSeconds(5))
                .startedAt(T0.plusSeconds(4)).finishedAt(T0.plusSeconds(6)).build();

        Task returned = tx(tx -> tx.tasks().update(changed));

        Task expected = changed.toBuilder().version(original.version() + 1).build();
        assertThat(JsonText.sameJson(stored(TENANT, original.id()).payload(), original.payload()))
                .as("payload never changes after insert").isTrue();
        assertSameTask(returned, expected);
        assertSameTask(stored(TENANT, original.id()), expected);
    }

    @Test
    public void update_neverWritesThePayload() {
        Task original = pending("render").payload("{\"keep\":1}").build();
        insert(original);

        tx(tx -> tx.tasks().update(original.toBuilder().payload("{\"changed\":2}").state("x").build()));

        assertThat(JsonText.sameJson(stored(TENANT, original.id()).payload(), "{\"keep\":1}")).isTrue();
    }

    @Test
    public void update_clearsNullableFieldsAndTags() {
        Task original = processingWithEverything();
        insert(original);
        Task cleared = original.toBuilder().status(TaskStatus.PENDING).clearLease().error(null).startedAt(null)
                .finishedAt(null).tags(Map.of()).build();

        tx(tx -> tx.tasks().update(cleared));

        assertSameTask(stored(TENANT, original.id()), cleared.toBuilder().version(original.version() + 1).build());
    }

    @Test
    public void update_leavesTenantTypeCreatedAtAndInputHashAlone() {
        Task original = pending("mail").inputHash(hash("keep")).build();
        insert(original);

        tx(tx -> tx.tasks().update(original.toBuilder().type("sms").createdAt(T0.plusSeconds(99))
                .inputHash(hash("other")).state("edited").build()));

        Task after = stored(TENANT, original.id());
        assertThat(after.type()).isEqualTo("mail");
        assertThat(after.createdAt()).isEqualTo(original.createdAt());
        assertThat(after.inputHash()).isEqualTo(original.inputHash());
        assertThat(after.state()).isEqualTo("edited");
        assertThat(after.version()).isEqualTo(original.version() + 1);
    }

    @Test
    public void update_consecutiveUpdates_eachIncrementVersionByOne() {
        Task t = pending("mail").version(5).build();
        insert(t);

        Task v6 = tx(tx -> tx.tasks().update(t.toBuilder().progress(10).build()));
        Task v7 = tx(tx -> tx.tasks().update(v6.toBuilder().progress(20).build()));

        assertThat(v6.version()).isEqualTo(6);
        assertThat(v7.version()).isEqualTo(7);
        assertThat(stored(TENANT, t.id()).progress()).isEqualTo(20);
    }

    @Test
    public void update_staleVersion_throwsVersionConflict_andChangesNothing() {
        Task t = pending("mail").build();
        insert(t);
        tx(tx -> tx.tasks().update(t.toBuilder().state("first writer").build()));

        assertThatThrownBy(() -> tx(tx -> tx.tasks().update(t.toBuilder().state("second writer").build())))
                .isInstanceOfSatisfying(StoreException.VersionConflict.class,
                        e -> assertThat(e.taskId()).isEqualTo(t.id()));
        Task after = stored(TENANT, t.id());
        assertThat(after.state()).isEqualTo("first writer");
        assertThat(after.version()).isEqualTo(t.version() + 1);
    }

    @Test
    public void update_deletedTask_throwsVersionConflict() {
        Task t = pending("mail").build();
        insert(t);
        tx(tx -> tx.tasks().delete(TENANT, t.id()));

        assertThatThrownBy(() -> tx(tx -> tx.tasks().update(t.toBuilder().state("late").build())))
                .isInstanceOf(StoreException.VersionConflict.class);
    }

    @Test
    public void updateAll_writesEveryMutableFieldOfEachTask_andReturnsThemWithTheNewVersion() {
        Task a = pending("render").tags(Map.of("a", "1")).build();
        Task b = pending("mail").version(4).build();
        Task c = processingWithEverything();
        insert(a, b, c);
        Task a2 = a.toBuilder().status(TaskStatus.PROCESSING).state("Working").progress(55).priority(30)
                .metadata("{\"x\":2}").tags(Map.of("b", "3")).error("oops").retryCount(2).maxAttempts(9)
                .leaseSeconds(60).runAt(T0.plusSeconds(5)).leaseOwner("w9").leaseToken("tok-9")
                .leaseExpiresAt(T0.plusSeconds(65)).updatedAt(T0.plusSeconds(5)).startedAt(T0.plusSeconds(4))
                .finishedAt(T0.plusSeconds(6)).build();
        Task b2 = b.toBuilder().status(TaskStatus.COMPLETED).state("Completed \u00e9\u2603").progress(100)
                .finishedAt(T0.plusSeconds(7)).build();
        Task c2 = c.toBuilder().status(TaskStatus.PENDING).clearLease().error(null).startedAt(null).finishedAt(null)
                .tags(Map.of()).build();

        List<Task> written = tx(tx -> tx.tasks().updateAll(List.of(a2, b2, c2)));

        assertThat(written).extracting(Task::id).containsExactlyInAnyOrder(a.id(), b.id(), c.id());
        for (Task expected : List.of(a2.toBuilder().version(a.version() + 1).build(),
                b2.toBuilder().version(5).build(), c2.toBuilder().version(c.version() + 1).build())) {
            assertSameTask(written.stream().filter(t -> t.id().equals(expected.id())).findFirst().orElseThrow(), expected);
            assertSameTask(stored(TENANT, expected.id()), expected);
        }
    }

    @Test
    public void updateAll_leavesOutStaleVersionsDeletedTasksAndOtherTenants_andWritesTheRest() {
        Task fresh = pending("mail").build();
        Task stale = pending("mail").build();
        Task gone = pending("mail").build();
        Task foreign = pending("mail").tenant(OTHER_TENANT).build();
        insert(fresh, stale, gone, foreign);
        tx(tx -> tx.tasks().update(stale.toBuilder().state("first writer").build()));
        tx(tx -> tx.tasks().delete(TENANT, gone.id()));

        List<Task> written = tx(tx -> tx.tasks().updateAll(List.of(
                fresh.toBuilder().state("batch").build(), stale.toBuilder().state("second writer").build(),
                gone.toBuilder().state("late").build(), foreign.toBuilder().tenant(TENANT).state("not mine").build())));

        assertThat(written).extracting(Task::id).containsExactly(fresh.id());
        assertThat(written.getFirst().version()).isEqualTo(fresh.version() + 1);
        assertThat(stored(TENANT, fresh.id()).state()).isEqualTo("batch");
        assertThat(stored(TENANT, stale.id()).state()).isEqualTo("first writer");
        assertThat(tx((StoreTx tx) -> tx.tasks().get(TENANT, gone.id()))).isEmpty();
        assertThat(stored(OTHER_TENANT, foreign.id()).state()).isEqualTo(foreign.state());
    }

    @Test
    public void updateAll_emptyList_writesNothing() {
        assertThat(tx((StoreTx tx) -> tx.tasks().updateAll(List.of()))).isEmpty();
    }

    @Test
    public void delete_removesTaskWithItsEventsAndResult() {
        Task t = pending("mail").build();
        Task keep = pending("mail").build();
        insert(t, keep);
        run(tx -> {
            tx.events().appendAll(List.of(event(t.id()), event(t.id()), event(keep.id())));
            tx.results().putAll(List.of(new TaskResult(t.id(), "{\"ok\":true}", T0), new TaskResult(keep.id(), "{}", T0)));
        });

        assertThat(tx((StoreTx tx) -> tx.tasks().delete(TENANT, t.id()))).isTrue();

        assertThat(tx((StoreTx tx) -> tx.tasks().get(TENANT, t.id()))).isEmpty();
        assertThat(tx((StoreTx tx) -> tx.events().latest(t.id(), 10))).isEmpty();
        assertThat(tx((StoreTx tx) -> tx.results().get(t.id()))).isEmpty();
        assertThat(tx((StoreTx tx) -> tx.events().latest(keep.id(), 10))).hasSize(1);
        assertThat(tx((StoreTx tx) -> tx.results().get(keep.id()))).isPresent();
    }

    @Test
    public void delete_otherTenantOrUnknownId_returnsFalse_andKeepsTheTask() {
        Task t = pending("mail").build();
        insert(t);

        assertThat(tx((StoreTx tx) -> tx.tasks().delete(OTHER_TENANT, t.id()))).isFalse();
        assertThat(tx((StoreTx tx) -> tx.tasks().delete(TENANT, UUID.randomUUID()))).isFalse();
        assertThat(tx((StoreTx tx) -> tx.tasks().get(TENANT, t.id()))).isPresent();
    }

    static TaskEvent event(UUID taskId) {
        return new TaskEvent(SampleTasks.newId(), taskId, TaskStatus.PENDING, "Queued", "{\"type\":\"mail\"}", "API", T0);
    }

    private static Task processingWithEverything() {
        return SampleTasks.processing("render", "w1", T0.plusSeconds(300)).tags(Map.of("k", "v"))
                .error("earlier failure").finishedAt(T0.plusSeconds(1)).build();
    }
}
