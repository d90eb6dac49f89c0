package dev.taskledger.testkit;

import dev.taskledger.queue.OnParentFailure;
import dev.taskledger.queue.Task;
import dev.taskledger.queue.TaskClaim;
import dev.taskledger.queue.TaskDependency;
import dev.taskledger.queue.TaskQuery;
import dev.taskledger.queue.TaskStatus;
import dev.taskledger.queue.spi.NewTaskRow;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import static dev.taskledger.testkit.SampleTasks.T0;
import static dev.taskledger.testkit.SampleTasks.TENANT;
import static dev.taskledger.testkit.SampleTasks.OTHER_TENANT;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code DependencyStore}, the edges of workflows, and the status {@code WAITING} in the tasks table. */
public abstract class DependencyStoreContract extends StoreContractSupport {

    private Task insert(Task task) {
        return tx(tx -> tx.insertTasks(NewTaskRow.withoutEvents(List.of(task)), null)).getFirst().task();
    }

    private List<TaskDependency> parentsOf(String tenant, UUID child) {
        return tx(tx -> tx.dependencies().parentsOf(tenant, List.of(child)));
    }

    private List<TaskDependency> childrenOf(String tenant, List<UUID> parents) {
        return tx(tx -> tx.dependencies().childrenOf(tenant, parents));
    }

    private List<TaskDependency> page(String tenant, UUID parent, UUID after, int limit) {
        return tx(tx -> tx.dependencies().childPage(tenant, parent, after, limit));
    }

    private Task waiting(String type) {
        return insert(SampleTasks.pending(type).status(TaskStatus.WAITING).state("Waiting for parents").build());
    }

    @Test
    public void waitingTask_isStoredAndListedAsWaiting_andNeverClaimed() {
        Task w = waiting("mail");
        Task p = insert(SampleTasks.pending("mail").build());

        List<Task> claimed = tx(tx -> tx.tasks().claim(new TaskClaim(TENANT, List.of(), 10, "w1", "tok", null, T0.plusSeconds(60))));

        assertThat(claimed).extracting(Task::id).containsExactly(p.id());
        assertThat(tx(tx -> tx.tasks().get(TENANT, w.id())).orElseThrow().status()).isEqualTo(TaskStatus.WAITING);
        assertThat(tx(tx -> tx.tasks().list(new TaskQuery(TENANT, TaskStatus.WAITING, null, null, null, null, 10, null)))
                .items()).extracting(Task::id).containsExactly(w.id());
    }

    @Test
    public void parentsOf_answersEdgesInDependsOnOrder_childrenOf_byChildId_scopedToTheTenant() {
        Task a = insert(SampleTasks.pending("a").build());
        Task b = insert(SampleTasks.pending("b").build());
        Task c1 = waiting("c");
        Task c2 = waiting("c");
        run(tx -> tx.dependencies().insertAll(List.of(
                new TaskDependency(TENANT, c1.id(), b.id(), 0, OnParentFailure.RUN, false),
                new TaskDependency(TENANT, c1.id(), a.id(), 1, OnParentFailure.RUN, false),
                new TaskDependency(TENANT, c2.id(), a.id(), 0, OnParentFailure.CANCEL, false))));

        List<TaskDependency> parents = tx(tx -> tx.dependencies().parentsOf(TENANT, List.of(c1.id())));
        List<TaskDependency> children = tx(tx -> tx.dependencies().childrenOf(TENANT, List.of(a.id())));

        assertThat(parents).extracting(TaskDependency::parentId).containsExactly(b.id(), a.id());
        assertThat(parents).extracting(TaskDependency::onParentFailure).containsOnly(OnParentFailure.RUN);
        assertThat(parents).extracting(TaskDependency::tenant).containsOnly(TENANT);
        List<UUID> byId = new ArrayList<>(List.of(c1.id(), c2.id()));
        byId.sort(Comparator.comparing(UUID::toString));
        assertThat(children).extracting(TaskDependency::childId).containsExactlyElementsOf(byId);
        assertThat(childrenOf(OTHER_TENANT, List.of(a.id()))).isEmpty();
        assertThat(parentsOf(OTHER_TENANT, c1.id())).isEmpty();
        assertThat(childrenOf(TENANT, List.of())).isEmpty();
    }

    @Test
    public void childPage_pagesThroughChildrenByIdAfterACursor() {
        Task root = insert(SampleTasks.pending("root").build());
        List<TaskDependency> edges = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            edges.add(new TaskDependency(TENANT, waiting("c").id(), root.id(), 0, OnParentFailure.CANCEL, false));
        }
        run(tx -> tx.dependencies().insertAll(edges));
        List<String> expected = edges.stream().map(e -> e.childId().toString()).sorted().toList();

        List<TaskDependency> first = tx(tx -> tx.dependencies().childPage(TENANT, root.id(), null, 3));
        List<TaskDependency> rest = tx(tx -> tx.dependencies().childPage(TENANT, root.id(), first.getLast().childId(), 3));

        assertThat(first).extracting(e -> e.childId().toString()).containsExactlyElementsOf(expected.subList(0, 3));
        assertThat(rest).extracting(e -> e.childId().toString()).containsExactlyElementsOf(expected.subList(3, 5));
        assertThat(page(OTHER_TENANT, root.id(), null, 3)).isEmpty();
    }

    @Test
    public void markCancelledChild_setsAndClearsTheFlagOfOneEdge() {
        Task a = insert(SampleTasks.pending("a").build());
        Task b = insert(SampleTasks.pending("b").build());
        Task c = waiting("c");
        run(tx -> tx.dependencies().insertAll(List.of(
                new TaskDependency(TENANT, c.id(), a.id(), 0, OnParentFailure.CANCEL, false),
                new TaskDependency(TENANT, c.id(), b.id(), 1, OnParentFailure.CANCEL, false))));

        run(tx -> tx.dependencies().markCancelledChild(TENANT, c.id(), a.id(), true));
        assertThat(parentsOf(TENANT, c.id()))
                .extracting(TaskDependency::cancelledChild).containsExactly(true, false);

        run(tx -> tx.dependencies().markCancelledChild(TENANT, c.id(), a.id(), false));
        assertThat(parentsOf(TENANT, c.id()))
                .extracting(TaskDependency::cancelledChild).containsExactly(false, false);
    }
}
