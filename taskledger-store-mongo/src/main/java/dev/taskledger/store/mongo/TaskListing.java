package dev.taskledger.store.mongo;

import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Sorts;
import dev.taskledger.common.Page;
import dev.taskledger.queue.Task;
import dev.taskledger.queue.TaskQuery;
import dev.taskledger.queue.TaskStats;
import dev.taskledger.queue.TaskStatus;
import dev.taskledger.queue.spi.TaskCursor;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Filters.or;
import static dev.taskledger.store.mongo.TaskDocuments.*;

/** The read-only task queries: keyset-paged listing and per-tenant statistics. */
final class TaskListing {
    private TaskListing() {}

    /**
     * Pending tasks in claim order (priority desc, run_at, _id), anything else in _id order, which for UUIDv7
     * strings is creation order. The cursor holds the sort key of the page's last task.
     */
    static Page<Task> page(MongoCollection<Document> tasks, TaskQuery q) {
        boolean claimOrder = TaskCursor.inClaimOrder(q);
        List<Bson> filter = new ArrayList<>();
        filter.add(eq(TENANT, q.tenant()));
        if (q.status() != null) {
            filter.add(eq(STATUS, q.status().dbName()));
        }
        if (q.type() != null) {
            filter.add(eq(TYPE, q.type()));
        }
        if (!q.tags().isEmpty()) {
            filter.add(hasTags(q.tags()));
        }
        if (q.createdAfter() != null) {
            filter.add(gt(CREATED_AT, date(q.createdAfter())));
        }
        if (q.createdBefore() != null) {
            filter.add(lt(CREATED_AT, date(q.createdBefore())));
        }
        if (q.cursor() != null) {
            filter.add(claimOrder ? afterInClaimOrder(q.cursor()) : gt(ID, TaskCursor.afterId(q.cursor()).toString()));
        }
        Bson sort = claimOrder ? MongoTaskStore.CLAIM_ORDER : Sorts.ascending(ID);
        List<Task> items = all(tasks.find(and(filter)).sort(sort).limit(q.limit() + 1));
        if (items.size() <= q.limit()) {
            return new Page<>(items, null);
        }
        items = items.subList(0, q.limit());
        Task last = items.getLast();
        return new Page<>(items, TaskCursor.after(last, claimOrder));
    }

    private static Bson afterInClaimOrder(String cursor) {
        TaskCursor.ClaimOrderKey after = TaskCursor.afterInClaimOrder(cursor);
        int priority = after.priority();
        Date runAt = Date.from(after.runAt());
        return or(lt(PRIORITY, priority),
                and(eq(PRIORITY, priority), gt(RUN_AT, runAt)),
                and(eq(PRIORITY, priority), eq(RUN_AT, runAt), gt(ID, after.id().toString())));
    }

    static List<Task> all(FindIterable<Document> found) {
        List<Task> out = new ArrayList<>();
        found.forEach(d -> out.add(fromDocument(d)));
        return out;
    }

    static TaskStats stats(MongoCollection<Document> tasks, String tenant, Instant now) {
        List<TaskStats.Count> counts = new ArrayList<>();
        tasks.aggregate(List.of(Aggregates.match(eq(TENANT, tenant)),
                        Aggregates.group(new Document("type", "$" + TYPE).append("status", "$" + STATUS), Accumulators.sum("n", 1))))
                .forEach(d -> {
                    Document key = d.get("_id", Document.class);
                    counts.add(new TaskStats.Count(key.getString("type"), TaskStatus.fromDb(key.getString("status")),
                            d.get("n", Number.class).longValue()));
                });
        Map<String, Instant> oldest = new HashMap<>();
        tasks.aggregate(List.of(Aggregates.match(and(eq(TENANT, tenant), eq(STATUS, TaskStatus.PENDING.dbName()), lte(RUN_AT, date(now)))),
                        Aggregates.group("$" + TYPE, Accumulators.min("oldest", "$" + RUN_AT))))
                .forEach(d -> oldest.put(d.getString("_id"), instant(d.getDate("oldest"))));
        return new TaskStats(counts, oldest);
    }
}
