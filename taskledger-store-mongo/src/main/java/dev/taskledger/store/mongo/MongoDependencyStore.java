package dev.taskledger.store.mongo;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.taskledger.queue.OnParentFailure;
import dev.taskledger.queue.TaskDependency;
import dev.taskledger.queue.spi.DependencyStore;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.in;

/**
 * The {@code <tasks>_dependencies} collection: one document per edge, {@code _id = "<child>:<parent>"}, with
 * {@code tenant}, {@code child_id}, {@code parent_id} (UUID strings), {@code position}, {@code on_parent_failure} and
 * {@code cancelled_child}. Written at once (an edge is part of the change, not a record of it). Edges of deleted tasks
 * stay; readers skip edges whose task is gone.
 */
final class MongoDependencyStore implements DependencyStore {
    private final MongoCollections c;

    MongoDependencyStore(MongoCollections c) {
        this.c = c;
    }

    @Override
    public void insertAll(List<TaskDependency> edges) {
        if (edges.isEmpty()) {
            return;
        }
        List<Document> docs = new ArrayList<>(edges.size());
        for (TaskDependency e : edges) {
            docs.add(new Document("_id", e.childId() + ":" + e.parentId()).append("tenant", e.tenant())
                    .append("child_id", e.childId().toString()).append("parent_id", e.parentId().toString())
                    .append("position", e.position()).append("on_parent_failure", e.onParentFailure().dbName())
                    .append("cancelled_child", e.cancelledChild()));
        }
        c.dependencies().insertMany(docs);
    }

    @Override
    public List<TaskDependency> parentsOf(String tenant, Collection<UUID> childIds) {
        if (childIds.isEmpty()) {
            return List.of();
        }
        return find(and(eq("tenant", tenant), in("child_id", strings(childIds))), Sorts.ascending("child_id", "position"), 0);
    }

    @Override
    public List<TaskDependency> childrenOf(String tenant, Collection<UUID> parentIds) {
        if (parentIds.isEmpty()) {
            return List.of();
        }
        return find(and(eq("tenant", tenant), in("parent_id", strings(parentIds))), Sorts.ascending("parent_id", "child_id"), 0);
    }

    @Override
    public List<TaskDependency> childPage(String tenant, UUID parentId, UUID afterChild, int limit) {
        Bson filter = and(eq("tenant", tenant), eq("parent_id", parentId.toString()));
        if (afterChild != null) {
            filter = and(filter, gt("child_id", afterChild.toString()));
        }
        return find(filter, Sorts.ascending("child_id"), limit);
    }

    @Override
    public void markCancelledChild(String tenant, UUID childId, UUID parentId, boolean cancelledChild) {
        c.dependencies().updateOne(Filters.and(eq("_id", childId + ":" + parentId), eq("tenant", tenant)),
                Updates.set("cancelled_child", cancelledChild));
    }

    private List<TaskDependency> find(Bson filter, Bson sort, int limit) {
        List<TaskDependency> out = new ArrayList<>();
        var found = c.dependencies().find(filter).sort(sort);
        if (limit > 0) {
            found = found.limit(limit);
        }
        for (Document d : found) {
            out.add(new TaskDependency(d.getString("tenant"), UUID.fromString(d.getString("child_id")),
                    UUID.fromString(d.getString("parent_id")), d.getInteger("position"),
                    OnParentFailure.fromDb(d.getString("on_parent_failure")), d.getBoolean("cancelled_child", false)));
        }
        return out;
    }

    private static List<String> strings(Collection<UUID> ids) {
        return ids.stream().map(UUID::toString).toList();
    }
}
