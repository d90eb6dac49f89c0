package dev.taskledger.queue.spi;

import dev.taskledger.queue.TaskDependency;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * The {@code task_dependencies} table: the edges of workflows (child waits for parent). Every read and write is
 * scoped to one tenant. Deleting a task deletes its edges (SQL: foreign keys; MongoDB leaves them, and readers skip
 * edges whose task is gone).
 */
public interface DependencyStore {

    /** Inserts new edges; a (child, parent) pair appears at most once. */
    void insertAll(List<TaskDependency> edges);

    /** The edges of these children (their parents), ordered by child id, then position. */
    List<TaskDependency> parentsOf(String tenant, Collection<UUID> childIds);

    /** The edges from these parents (their children), ordered by parent id, then child id. */
    List<TaskDependency> childrenOf(String tenant, Collection<UUID> parentIds);

    /** A page of the edges from {@code parentId}, by child id, after {@code afterChild} (null: from the first). */
    List<TaskDependency> childPage(String tenant, UUID parentId, UUID afterChild, int limit);

    /**
     * Locks the rows of these tasks (children about to be judged) until the transaction ends, in id order, so that
     * two parents finishing at once judge a shared child one after the other, the later seeing the earlier's
     * completion (PostgreSQL and MariaDB run at READ COMMITTED: a statement after the lock sees it). SQLite serializes
     * its writers, MongoDB has no row locks (a child's version moves with each judgement instead): nothing to lock.
     */
    default void lockTasks(String tenant, Collection<UUID> ids) {
    }

    /** Sets {@link TaskDependency#cancelledChild()} of the edge (child, parent). */
    void markCancelledChild(String tenant, UUID childId, UUID parentId, boolean cancelledChild);
}
