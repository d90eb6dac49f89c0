package dev.taskledger.queue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taskledger.queue.TaskTransitions.DependencyOutcome;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Workflows: what the change of a parent task does to its children, in the transaction of that change. The
 * {@link EventLog} calls {@link #settle} with each change it wrote; when a parent finished (completed, failed for
 * good, cancelled) each waiting child is judged by {@link TaskTransitions#dependencyOutcome} and released,
 * cancelled (recursively: a cancelled child is itself a finished parent) or left waiting; when a failed or
 * cancelled parent was retried, the children it had cancelled are revived. Each child's change is written through
 * the same log with an event naming the parent, so the last parent's completion releases the child in its own
 * transaction and the claims waiting for it are woken after commit ({@link Committed#madeReady}).
 *
 * <p>Two parents finishing in concurrent transactions must not both judge a shared child before either committed
 * (each would see the other still running and leave the child waiting for good). The children's rows are locked
 * before they are read ({@link dev.taskledger.queue.spi.DependencyStore#lockTasks}), and a child that must wait on
 * is still written ({@link TaskTransitions#parentFinished}): where there are no row locks (MongoDB) the two then
 * collide on the child's version and one retries, seeing the other's completion.
 */
final class TaskDependencies {
    private TaskDependencies() {}

    /**
     * The parents that finished in {@code changes} (by the kind of transition: batched changes carry no "before") and
     * those revived from failed or cancelled, and their children's answer.
     */
    static void settle(EventLog log, List<EventLog.Change> changes) {
        Map<String, List<Task>> finished = new LinkedHashMap<>();
        Map<String, List<Task>> revived = new LinkedHashMap<>();
        for (EventLog.Change c : changes) {
            if (c.after() == null) {
                continue;
            }
            switch (c.kind()) {
                case COMPLETED, FAILED, LEASE_EXPIRED_FAILED, CANCELLED, CANCELLED_BY_PARENT ->
                        finished.computeIfAbsent(c.after().tenant(), t -> new ArrayList<>()).add(c.after());
                case RETRIED, REVIVED -> revived.computeIfAbsent(c.after().tenant(), t -> new ArrayList<>()).add(c.after());
                default -> { } // no child hears of it
            }
        }
        finished.forEach((tenant, parents) -> parentsFinished(log, tenant, parents));
        revived.forEach((tenant, parents) -> parentsRevived(log, tenant, parents));
    }

    /**
     * Judges the waiting children of {@code finished} again, writing only a release or cancel (no "parent finished"):
     * for a repeated completion, whose first attempt may have written the parent but not its children.
     */
    static void settleAgain(EventLog log, Task finished) {
        List<TaskDependency> edges = log.tx().dependencies().childrenOf(finished.tenant(), List.of(finished.id()));
        if (edges.isEmpty()) {
            return;
        }
        List<UUID> childIds = edges.stream().map(TaskDependency::childId).toList();
        log.tx().dependencies().lockTasks(finished.tenant(), childIds);
        List<Task> waiting = log.tx().tasks().getAll(finished.tenant(), childIds)
                .stream().filter(t -> t.status() == TaskStatus.WAITING).toList();
        judge(log, finished.tenant(), waiting, Map.of(), Map.of(finished.id(), finished));
    }

    /** Judges the waiting children of {@code parents}, which just finished. */
    private static void parentsFinished(EventLog log, String tenant, List<Task> parents) {
        Map<UUID, Task> byId = new HashMap<>();
        parents.forEach(p -> byId.put(p.id(), p));
        List<TaskDependency> edges = log.tx().dependencies().childrenOf(tenant, byId.keySet());
        if (edges.isEmpty()) {
            return;
        }
        Map<UUID, UUID> causeOf = new LinkedHashMap<>(); // child → the parent whose change reaches it
        for (TaskDependency e : edges) {
            causeOf.putIfAbsent(e.childId(), e.parentId());
        }
        log.tx().dependencies().lockTasks(tenant, causeOf.keySet());
        List<Task> waiting = log.tx().tasks().getAll(tenant, causeOf.keySet()).stream()
                .filter(t -> t.status() == TaskStatus.WAITING).toList();
        judge(log, tenant, waiting, causeOf, byId);
    }

    /**
     * Decides {@code waiting} children against all their parents as they are now, writing each one's change with an
     * event naming {@code causeOf} its parent. Also used at create, for new children ({@link #judgeNew}).
     */
    private static List<Task> judge(EventLog log, String tenant, List<Task> waiting, Map<UUID, UUID> causeOf, Map<UUID, Task> known) {
        if (waiting.isEmpty()) {
            return List.of();
        }
        List<TaskDependency> allEdges = log.tx().dependencies().parentsOf(tenant, waiting.stream().map(Task::id).toList());
        Map<UUID, List<TaskDependency>> edgesOf = new HashMap<>();
        Set<UUID> parentIds = new LinkedHashSet<>();
        for (TaskDependency e : allEdges) {
            edgesOf.computeIfAbsent(e.childId(), c -> new ArrayList<>()).add(e);
            if (!known.containsKey(e.parentId())) {
                parentIds.add(e.parentId());
            }
        }
        Map<UUID, Task> parents = new HashMap<>(known);
        for (Task p : log.tx().tasks().getAll(tenant, parentIds)) {
            parents.put(p.id(), p);
        }
        List<EventLog.Change> changes = new ArrayList<>();
        List<TaskDependency> cancelledBy = new ArrayList<>();
        for (Task child : waiting) {
            List<TaskDependency> edges = edgesOf.getOrDefault(child.id(), List.of());
            OnParentFailure policy = edges.isEmpty() ? OnParentFailure.CANCEL : edges.getFirst().onParentFailure();
            List<Task> itsParents = new ArrayList<>(edges.size());
            Task failedParent = null;
            for (TaskDependency e : edges) {
                Task p = parents.get(e.parentId());
                if (p != null) {
                    itsParents.add(p);
                    if (failedParent == null && TaskTransitions.parentFailed(p)) {
                        failedParent = p;
                    }
                }
            }
            long open = itsParents.stream().filter(p -> !p.status().isFinished()).count();
            UUID cause = causeOf.get(child.id());
            Instant now = log.now();
            switch (TaskTransitions.dependencyOutcome(policy, itsParents)) {
                case RELEASE -> changes.add(change(Transition.Kind.DEPENDENCIES_MET, child,
                        TaskTransitions.dependenciesMet(child, now), detail(cause, parents).put("reason", "dependencies met")));
                case CANCEL -> {
                    changes.add(change(Transition.Kind.CANCELLED_BY_PARENT, child, TaskTransitions.cancelByParent(child, now),
                            detail(failedParent.id(), parents).put("reason", "parent " + failedParent.status().wireName())));
                    cancelledBy.add(new TaskDependency(tenant, child.id(), failedParent.id(), 0, policy, true));
                }
                case WAIT -> {
                    if (cause != null) {
                        changes.add(change(Transition.Kind.PARENT_FINISHED, child, TaskTransitions.parentFinished(child, now),
                                detail(cause, parents).put("reason", "parent finished").put("waiting_for", open)));
                    }
                }
            }
        }
        for (TaskDependency e : cancelledBy) {
            log.tx().dependencies().markCancelledChild(tenant, e.childId(), e.parentId(), true);
        }
        if (changes.stream().anyMatch(c -> c.kind() == Transition.Kind.DEPENDENCIES_MET)) {
            log.notifyOtherNodes(tenant);
        }
        return log.updateAll(changes);
    }

    /** Revives the children that {@code parents} had cancelled, then judges them as waiting children. */
    private static void parentsRevived(EventLog log, String tenant, List<Task> parents) {
        List<TaskDependency> edges = log.tx().dependencies().childrenOf(tenant, parents.stream().map(Task::id).toList())
                .stream().filter(TaskDependency::cancelledChild).toList();
        if (edges.isEmpty()) {
            return;
        }
        Map<UUID, TaskDependency> edgeOf = new LinkedHashMap<>();
        edges.forEach(e -> edgeOf.putIfAbsent(e.childId(), e));
        List<EventLog.Change> changes = new ArrayList<>();
        Map<UUID, Task> parentsById = new HashMap<>();
        parents.forEach(p -> parentsById.put(p.id(), p));
        for (Task child : log.tx().tasks().getAll(tenant, edgeOf.keySet())) {
            TaskDependency edge = edgeOf.get(child.id());
            log.tx().dependencies().markCancelledChild(tenant, child.id(), edge.parentId(), false);
            if (TaskTransitions.revivesWithParent(child, edge)) {
                changes.add(change(Transition.Kind.REVIVED, child, TaskTransitions.revive(child, log.now()),
                        detail(edge.parentId(), parentsById).put("reason", "parent retried")));
            }
        }
        List<Task> revived = log.updateAll(changes);
        // a revived child may be released at once (its other parents completed) or cancelled again (another failed)
        judge(log, tenant, revived, Map.of(), parentsById);
    }

    /**
     * New children, just inserted waiting with their edges: those whose parents have all completed already (or
     * failed) are released (or cancelled) at once, in the creating transaction.
     */
    static Map<UUID, Task> judgeNew(EventLog log, String tenant, List<Task> children) {
        Map<UUID, Task> changed = new HashMap<>();
        for (Task t : judge(log, tenant, children, Map.of(), Map.of())) {
            changed.put(t.id(), t);
        }
        return changed;
    }

    private static EventLog.Change change(Transition.Kind kind, Task before, Task after, ObjectNode detail) {
        return new EventLog.Change(kind, before, after, TaskEvents.SYSTEM, detail);
    }

    private static ObjectNode detail(UUID parent, Map<UUID, Task> parents) {
        ObjectNode d = TaskEvents.detail();
        if (parent != null) {
            d.put("parent", parent.toString());
            Task p = parents.get(parent);
            if (p != null) {
                d.put("parent_status", p.status().wireName());
            }
        }
        return d;
    }
}
