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
     * Pending tasks by priority (claim order: priority desc, run_at, _id; or its reverse), anything by _id, which for
     * UUIDv7 strings is creation order, either way. The cursor holds the sort key of the page's last task.
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
        if (q.inputHash() != null) {
            filter.add(eq(IDEM_KEY, q.inputHash())); // idem_key is the input hash where there is one
        }
        boolean descending = q.order().descending();
        if (q.cursor() != null) {
            filter.add(claimOrder ? afterInClaimOrder(TaskCursor.afterInClaimOrder(q), descending)
                    : after(ID, TaskCursor.afterId(q).toString(), descending));
        }
        Bson sort = claimOrder ? (descending ? MongoTaskStore.CLAIM_ORDER : CLAIM_ORDER_REVERSED)
                : descending ? Sorts.descending(ID) : Sorts.ascending(ID);
        List<Task> items = all(tasks.find(and(filter)).sort(sort).limit(q.limit() + 1));
        if (items.size() <= q.limit()) {
            return new Page<>(items, null);
        }
        items = items.subList(0, q.limit());
        Task last = items.getLast();
        return new Page<>(items, TaskCursor.after(last, q));
    }

    private static final Bson CLAIM_ORDER_REVERSED = Sorts.orderBy(Sorts.ascending(PRIORITY), Sorts.descending(RUN_AT, ID));

    /** The tasks after {@code after} in claim order ({@code claimOrder}) or in its reverse. */
    private static Bson afterInClaimOrder(TaskCursor.ClaimOrderKey after, boolean claimOrder) {
        int priority = after.priority();
        Date runAt = Date.from(after.runAt());
        return or(after(PRIORITY, priority, claimOrder),
                and(eq(PRIORITY, priority), after(RUN_AT, runAt, !claimOrder)),
                and(eq(PRIORITY, priority), eq(RUN_AT, runAt), after(ID, after.id().toString(), !claimOrder)));
    }

    /** {@code field} after {@code value} in ascending order, or before it in descending order. */
    private static <V> Bson after(String field, V value, boolean descending) {
        return descending ? lt(field, value) : gt(field, value);
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
