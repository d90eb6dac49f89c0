package dev.taskledger.testkit;

import dev.taskledger.common.Page;
import dev.taskledger.common.ServiceException;
import dev.taskledger.queue.Committed;
import dev.taskledger.queue.Completion;
import dev.taskledger.queue.Failure;
import dev.taskledger.queue.Queue;
import dev.taskledger.queue.Related;
import dev.taskledger.queue.Task;
import dev.taskledger.queue.TaskEvent;
import dev.taskledger.queue.TaskQuery;
import dev.taskledger.queue.TaskService;
import dev.taskledger.queue.TaskSpec;
import dev.taskledger.queue.TaskStatus;
import dev.taskledger.queue.Transition;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Workflows over the services: {@code depends_on}, the status waiting, release in the transaction of the last
 * parent's completion, {@code on_parent_failure}, revival by retrying the parent, batch graphs with refs, and the
 * parents and children of a task.
 */
public abstract class WorkflowContract extends ServiceContractSupport {

    private static TaskSpec spec(String type, List<String> dependsOn, String onParentFailure, String ref) {
        return new TaskSpec(type, "{}", null, Map.of(), null, null, null, 1, null, null, false, null, null, dependsOn,
                onParentFailure, ref);
    }

    private static TaskSpec child(String type, Task... parents) {
        return spec(type, ids(parents), null, null);
    }

    private static List<String> ids(Task... tasks) {
        return java.util.Arrays.stream(tasks).map(t -> t.id().toString()).toList();
    }

    private Task get(Task t) {
        return tasks.get(TENANT, t.id());
    }

    private Task completeNow(Task t, String result) {
        Task claimed = work.claimOne(TENANT, t.id(), "w", null);
        return work.complete(TENANT, t.id(), claimed.leaseToken(), result);
    }

    private Task failForGood(Task t) {
        Task claimed = work.claimOne(TENANT, t.id(), "w", null);
        return work.fail(TENANT, t.id(), new Failure(claimed.leaseToken(), "boom", false, null));
    }

    private static List<String> details(List<TaskEvent> events) {
        return events.stream().map(e -> e.detail() == null ? "" : e.detail()).toList();
    }

    @Test
    public void child_waitsUntilItsParentCompletes_thenIsPendingAtOnce_withAnEventNamingTheParent() {
        Task parent = create(newTask("extract"));
        Task child = create(child("load", parent));

        assertThat(child.status()).isEqualTo(TaskStatus.WAITING);
        assertThat(claim("w2", 10)).extracting(Task::id).containsExactly(parent.id()); // the child is not claimable
        assertConflictWithStatus("waiting", () -> work.claimOne(TENANT, child.id(), "w", null));

        work.complete(TENANT, parent.id(), get(parent).leaseToken(), "{\"rows\":3}");

        Task released = get(child);
        assertThat(released.status()).isEqualTo(TaskStatus.PENDING);
        assertThat(details(events(child.id()))).anySatisfy(d -> assertThat(d)
                .contains(parent.id().toString()).contains("dependencies met"));
        assertThat(claimOnly("w3").id()).isEqualTo(child.id());
    }

    @Test
    public void fanIn_releasesTheJoinOnlyWithTheLastParent_inTheSameTransaction() {
        List<Committed> commits = new CopyOnWriteArrayList<>();
        Queue queue = new Queue(store, clock, readySignal, SETTINGS, commits::add);
        Task a = queue.tasks().create(TENANT, newTask("a")).task();
        Task b = queue.tasks().create(TENANT, newTask("b")).task();
        Task join = queue.tasks().create(TENANT, child("join", a, b)).task();

        completeNow(a, null);
        assertThat(get(join).status()).isEqualTo(TaskStatus.WAITING);
        assertThat(details(events(join.id()))).anySatisfy(d -> assertThat(d).matches("(?s).*\"waiting_for\":\\s*1\\b.*")); // PostgreSQL's jsonb respaces

        commits.clear();
        Task bClaimed = work.claimOne(TENANT, b.id(), "w", null);
        queue.work().complete(TENANT, b.id(), bClaimed.leaseToken(), null);

        assertThat(get(join).status()).isEqualTo(TaskStatus.PENDING);
        assertThat(commits).hasSize(1);
        Committed last = commits.getFirst();
        assertThat(last.transitions()).extracting(Transition::kind)
                .containsExactly(Transition.Kind.COMPLETED, Transition.Kind.DEPENDENCIES_MET);
        assertThat(last.madeReady()).extracting(Task::id).containsExactly(join.id());
    }

    @Test
    public void dependsOn_anUnknownTaskOrAnotherTenantsTask_isInvalid_andCreatesNothing() {
        Task theirs = tasks.create(OTHER_TENANT, newTask("x")).task();
        UUID unknown = UUID.randomUUID();

        assertFailsWith(ServiceException.Kind.INVALID, () -> tasks.create(TENANT, spec("c", List.of(unknown.toString()), null, null)));
        assertFailsWith(ServiceException.Kind.INVALID, () -> tasks.create(TENANT, child("c", theirs)));
        assertFailsWith(ServiceException.Kind.INVALID, () -> tasks.create(TENANT, spec("c", List.of("not-an-id"), null, null)));
        assertFailsWith(ServiceException.Kind.INVALID, () -> tasks.create(TENANT, spec("c", List.of(), "sometimes", null)));
        assertThat(tasks.list(new TaskQuery(TENANT, null, null, null, null, null, 10, null)).items()).isEmpty();
    }

    @Test
    public void parentFailingForGood_cancelsItsChildrenRecursively_butRunsThoseThatSayRun() {
        Task root = create(newTask("root"));
        Task cancelled = create(child("c", root));
        Task grandchild = create(child("g", cancelled));
        Task runs = create(spec("r", ids(root), "run", null));

        failForGood(root);

        assertThat(get(cancelled).status()).isEqualTo(TaskStatus.CANCELLED);
        assertThat(get(grandchild).status()).isEqualTo(TaskStatus.CANCELLED);
        assertThat(get(runs).status()).isEqualTo(TaskStatus.PENDING);
        assertThat(details(events(cancelled.id()))).anySatisfy(d -> assertThat(d).contains(root.id().toString()).contains("failed"));
        assertThat(details(events(grandchild.id()))).anySatisfy(d -> assertThat(d).contains(cancelled.id().toString()));
        assertThat(events(grandchild.id()).getFirst().actor()).isEqualTo("SYSTEM");
    }

    @Test
    public void batchedCompletions_releaseChildrenAsSingleOnesDo() {
        Task a = create(newTask("a"));
        Task b = create(newTask("b"));
        Task join = create(child("join", a, b));
        Task ca = work.claimOne(TENANT, a.id(), "w", null);
        Task cb = work.claimOne(TENANT, b.id(), "w", null);

        work.completeAll(TENANT, List.of(new Completion(a.id(), ca.leaseToken(), null), new Completion(b.id(), cb.leaseToken(), null)));

        assertThat(get(join).status()).isEqualTo(TaskStatus.PENDING);
    }

    @Test
    public void leaseExpiringWithNoAttemptsLeft_cancelsTheChildren() {
        Task root = create(newTask("root", "{}", 1, null)); // no attempt left after the first
        Task c = create(child("c", root));
        work.claimOne(TENANT, root.id(), "w", 30);
        clock.advanceSeconds(31);

        rescuer.rescueExpired(10);

        assertThat(get(root).status()).isEqualTo(TaskStatus.FAILED);
        assertThat(get(c).status()).isEqualTo(TaskStatus.CANCELLED);
    }

    @Test
    public void cancellingAParent_cancelsItsWaitingChildren() {
        Task root = create(newTask("root"));
        Task c = create(child("c", root));

        tasks.cancel(TENANT, root.id());

        assertThat(get(c).status()).isEqualTo(TaskStatus.CANCELLED);
        assertThat(details(events(c.id()))).anySatisfy(d -> assertThat(d).contains(root.id().toString()).contains("cancelled"));
    }

    @Test
    public void retryingAFailedParent_revivesTheChildrenItCancelled_recursively() {
        Task root = create(newTask("root"));
        Task c = create(child("c", root));
        Task g = create(child("g", c));
        failForGood(root);

        tasks.retry(TENANT, root.id());

        assertThat(get(c).status()).isEqualTo(TaskStatus.WAITING);
        assertThat(get(g).status()).isEqualTo(TaskStatus.WAITING);
        assertThat(details(events(c.id()))).anySatisfy(d -> assertThat(d).contains("parent retried"));
        completeNow(root, null);
        assertThat(get(c).status()).isEqualTo(TaskStatus.PENDING);
        completeNow(c, null);
        assertThat(get(g).status()).isEqualTo(TaskStatus.PENDING);
    }

    @Test
    public void retryingAParent_leavesAChildCancelledByAnOperator_cancelled() {
        Task root = create(newTask("root"));
        Task c = create(child("c", root));
        tasks.cancel(TENANT, c.id());
        failForGood(root);

        tasks.retry(TENANT, root.id());

        assertThat(get(c).status()).isEqualTo(TaskStatus.CANCELLED);
    }

    @Test
    public void childOfAnAlreadyCompletedParent_isPendingAtCreate() {
        Task parent = create(newTask("p"));
        completeNow(parent, null);

        TaskService.Created c = tasks.create(TENANT, child("c", parent));

        assertThat(c.task().status()).isEqualTo(TaskStatus.PENDING);
        assertThat(get(c.task()).status()).isEqualTo(TaskStatus.PENDING);
    }

    @Test
    public void batch_createsAGraphByRefs_atomically() {
        Task existing = create(newTask("existing"));
        List<TaskService.Created> out = tasks.createAll(TENANT, List.of(
                spec("root", List.of(), null, "root"),
                spec("left", List.of("root"), null, "left"),
                spec("right", List.of("root", existing.id().toString()), "run", "right"),
                spec("join", List.of("left", "right"), null, null)));

        assertThat(out).extracting(c -> c.task().status())
                .containsExactly(TaskStatus.PENDING, TaskStatus.WAITING, TaskStatus.WAITING, TaskStatus.WAITING);
        Task join = out.get(3).task();
        assertThat(tasks.parents(TENANT, join.id())).extracting(r -> r.task().id())
                .containsExactly(out.get(1).task().id(), out.get(2).task().id());
        assertThat(tasks.children(TENANT, out.get(0).task().id(), null, 10).items()).extracting(r -> r.task().id())
                .containsExactlyInAnyOrder(out.get(1).task().id(), out.get(2).task().id());
    }

    @Test
    public void batch_refusesAForwardRefOrASelfRef_sayingCyclesCannotForm_andWritesNothing() {
        assertThatThrownBy(() -> tasks.createAll(TENANT, List.of(
                spec("a", List.of("b"), null, "a"),
                spec("b", List.of(), null, "b"))))
                .isInstanceOf(ServiceException.class)
                .hasMessageContaining("tasks[0].depends_on[0]").hasMessageContaining("cycle");
        assertThatThrownBy(() -> tasks.createAll(TENANT, List.of(spec("a", List.of("a"), null, "a"), spec("b", List.of(), null, null))))
                .isInstanceOf(ServiceException.class).hasMessageContaining("cycle");
        assertThatThrownBy(() -> tasks.createAll(TENANT, List.of(spec("a", List.of(), null, "x"), spec("b", List.of(), null, "x"))))
                .isInstanceOf(ServiceException.class).hasMessageContaining("unique");
        assertThat(tasks.list(new TaskQuery(TENANT, null, null, null, null, null, 10, null)).items()).isEmpty();
    }

    @Test
    public void parents_answerEachParentWithItsResult_inDependsOnOrder() {
        Task a = create(newTask("a"));
        Task b = create(newTask("b"));
        Task c = create(child("c", b, a));
        completeNow(a, "{\"n\":1}");
        completeNow(b, null);

        List<Related> parents = tasks.parents(TENANT, c.id());

        assertThat(parents).extracting(r -> r.task().id()).containsExactly(b.id(), a.id());
        assertThat(parents.get(0).result()).isNull();
        assertThat(JsonText.sameJson(parents.get(1).result().payload(), "{\"n\":1}")).isTrue();
        assertFailsWith(ServiceException.Kind.NOT_FOUND, () -> tasks.parents(OTHER_TENANT, c.id()));
    }

    @Test
    public void children_pageByChildId() {
        Task root = create(newTask("root"));
        List<TaskSpec> specs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            specs.add(child("c", root));
        }
        tasks.createAll(TENANT, specs);

        Page<Related> first = tasks.children(TENANT, root.id(), null, 3);
        Page<Related> second = tasks.children(TENANT, root.id(), first.nextCursor(), 3);

        assertThat(first.items()).hasSize(3);
        assertThat(second.items()).hasSize(2);
        assertThat(second.nextCursor()).isNull();
        assertFailsWith(ServiceException.Kind.INVALID, () -> tasks.children(TENANT, root.id(), "nonsense", 3));
    }

    @Test
    public void fanOutFanIn_releasesTheJoinInTheTransactionOfTheLastChildsCompletion_batchedCompletionsToo() {
        int n = 100;
        Task root = create(newTask("root"));
        List<TaskSpec> fan = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            fan.add(spec("leaf", ids(root), null, "leaf" + i));
        }
        List<String> leaves = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            leaves.add("leaf" + i);
        }
        fan.add(spec("join", leaves, null, null));
        List<TaskService.Created> created = tasks.createAll(TENANT, fan);
        Task join = created.getLast().task();

        completeNow(root, null);
        List<Task> claimed = claim("w", n);
        assertThat(claimed).hasSize(n).allSatisfy(t -> assertThat(t.type()).isEqualTo("leaf"));
        List<Completion> allButOne = claimed.subList(0, n - 1).stream()
                .map(t -> new Completion(t.id(), t.leaseToken(), null)).toList();
        work.completeAll(TENANT, allButOne);
        assertThat(get(join).status()).isEqualTo(TaskStatus.WAITING);

        work.completeAll(TENANT, List.of(new Completion(claimed.getLast().id(), claimed.getLast().leaseToken(), null)));

        assertThat(get(join).status()).isEqualTo(TaskStatus.PENDING);
    }
}
