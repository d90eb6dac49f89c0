package dev.taskledger.store.jdbc;

import dev.taskledger.queue.OnParentFailure;
import dev.taskledger.queue.TaskDependency;
import dev.taskledger.queue.spi.DependencyStore;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** {@link DependencyStore} on SQL; statements in {@code /sql/<dialect>/dependencies.sql}. */
final class JdbcDependencyStore implements DependencyStore {
    private final Statements<DependencySql> sql;
    private final Dialect d;

    JdbcDependencyStore(Statements<DependencySql> sql) {
        this.sql = sql;
        this.d = sql.dialect();
    }

    @Override
    public void insertAll(List<TaskDependency> edges) {
        if (edges.isEmpty()) {
            return;
        }
        List<Params> rows = new ArrayList<>(edges.size());
        for (TaskDependency e : edges) {
            rows.add(new Params().id("child_id", e.childId()).id("parent_id", e.parentId()).string("tenant", e.tenant())
                    .integer("position", e.position()).string("on_parent_failure", e.onParentFailure().dbName())
                    .integer("cancelled_child", e.cancelledChild() ? 1 : 0));
        }
        sql.batch(DependencySql.INSERT, rows);
    }

    @Override
    public List<TaskDependency> parentsOf(String tenant, Collection<UUID> childIds) {
        return byIds(DependencySql.PARENTS_OF, tenant, childIds);
    }

    @Override
    public List<TaskDependency> childrenOf(String tenant, Collection<UUID> parentIds) {
        return byIds(DependencySql.CHILDREN_OF, tenant, parentIds);
    }

    private List<TaskDependency> byIds(DependencySql statement, String tenant, Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Params p = new Params().string("tenant", tenant).textArray("ids", ids.stream().map(UUID::toString).toList());
        return sql.query(statement, p, this::edge);
    }

    @Override
    public List<TaskDependency> childPage(String tenant, UUID parentId, UUID afterChild, int limit) {
        Params p = new Params().string("tenant", tenant).id("parent_id", parentId).integer("limit", limit);
        if (afterChild == null) {
            return sql.query(DependencySql.CHILD_PAGE, p, this::edge);
        }
        return sql.query(DependencySql.CHILD_PAGE_AFTER, p.id("after", afterChild), this::edge);
    }

    @Override
    public void lockTasks(String tenant, Collection<UUID> ids) {
        if (ids.isEmpty() || d instanceof SqliteDialect) {
            return; // SQLite: one writer at a time already
        }
        List<String> sorted = ids.stream().map(UUID::toString).sorted().toList();
        sql.query(DependencySql.LOCK_TASKS, new Params().string("tenant", tenant).textArray("ids", sorted), rs -> 1);
    }

    @Override
    public void markCancelledChild(String tenant, UUID childId, UUID parentId, boolean cancelledChild) {
        sql.update(DependencySql.MARK_CANCELLED_CHILD, new Params().id("child_id", childId).id("parent_id", parentId)
                .string("tenant", tenant).integer("cancelled_child", cancelledChild ? 1 : 0));
    }

    private TaskDependency edge(ResultSet rs) throws SQLException {
        return new TaskDependency(rs.getString("tenant"), d.uuid(rs, "child_id"), d.uuid(rs, "parent_id"),
                rs.getInt("position"), OnParentFailure.fromDb(rs.getString("on_parent_failure")),
                rs.getInt("cancelled_child") != 0);
    }
}
