package dev.taskledger.store.mongo;

import com.mongodb.client.model.Sorts;
import dev.taskledger.queue.TaskEvent;
import dev.taskledger.queue.TaskStatus;
import dev.taskledger.queue.spi.EventStore;
import org.bson.Document;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.or;
import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.lt;
import static dev.taskledger.store.mongo.TaskDocuments.date;
import static dev.taskledger.store.mongo.TaskDocuments.instant;

/**
 * The {@code <tasks>_events} collection: {@code _id} (the event's UUID string), {@code task_id}, {@code status}
 * (DB name), {@code state}, {@code detail} (JSON text, verbatim), {@code actor}, {@code created_at}.
 * Appends are buffered until the transaction's work returns (see {@link MongoTx}).
 */
final class MongoEventStore implements EventStore {
    static final String TASK_ID = "task_id";
    static final String CREATED_AT = "created_at";

    private final MongoTx tx;
    private final MongoCollections c;

    MongoEventStore(MongoTx tx, MongoCollections c) {
        this.tx = tx;
        this.c = c;
    }

    @Override
    public void appendAll(List<TaskEvent> events) {
        List<Document> docs = new ArrayList<>(events.size());
        for (TaskEvent e : events) {
            docs.add(new Document("_id", e.id().toString())
                    .append(TASK_ID, e.taskId().toString())
                    .append("status", e.status().dbName())
                    .append("state", e.state())
                    .append("detail", e.detail())
                    .append("actor", e.actor())
                    .append(CREATED_AT, date(e.createdAt())));
        }
        tx.bufferEvents(docs);
    }

    @Override
    public List<TaskEvent> olderThan(UUID taskId, Instant createdAt, UUID id, int limit) {
        tx.flush();
        return all(c.events().find(and(eq(TASK_ID, taskId.toString()), or(lt(CREATED_AT, date(createdAt)),
                        and(eq(CREATED_AT, date(createdAt)), lt("_id", id.toString())))))
                .sort(Sorts.descending(CREATED_AT, "_id")).limit(limit));
    }

    @Override
    public List<TaskEvent> latest(UUID taskId, int limit) {
        tx.flush();
        return all(c.events().find(eq(TASK_ID, taskId.toString()))
                .sort(Sorts.descending(CREATED_AT, "_id")).limit(limit));
    }

    @Override
    public int deleteOlderThan(Instant before, int limit) {
        List<String> ids = new ArrayList<>();
        tx.flush();
        c.events().find(lt(CREATED_AT, date(before))).sort(Sorts.ascending(CREATED_AT, "_id")).limit(limit)
                .projection(new Document("_id", 1)).forEach(d -> ids.add(d.getString("_id")));
        return ids.isEmpty() ? 0 : (int) c.events().deleteMany(in("_id", ids)).getDeletedCount();
    }

    @Override
    public List<TaskEvent> findOlderThan(Instant before, int limit) {
        tx.flush();
        return all(c.events().find(lt(CREATED_AT, date(before))).sort(Sorts.ascending(CREATED_AT, "_id")).limit(limit));
    }

    /** One {@code deleteOne} per event, so the events deleted are known exactly. */
    @Override
    public Set<UUID> deleteAll(Collection<UUID> ids) {
        tx.flush();
        Set<UUID> deleted = new HashSet<>();
        for (UUID id : ids) {
            if (c.events().deleteOne(eq("_id", id.toString())).getDeletedCount() == 1) {
                deleted.add(id);
            }
        }
        return deleted;
    }

    private static List<TaskEvent> all(Iterable<Document> found) {
        List<TaskEvent> out = new ArrayList<>();
        for (Document d : found) {
            out.add(new TaskEvent(UUID.fromString(d.getString("_id")), UUID.fromString(d.getString(TASK_ID)),
                    TaskStatus.fromDb(d.getString("status")), d.getString("state"), d.getString("detail"),
                    d.getString("actor"), instant(d.getDate(CREATED_AT))));
        }
        return out;
    }
}
