package dev.taskledger.store.mongo;

import dev.taskledger.queue.TaskResult;
import dev.taskledger.queue.spi.ResultStore;
import org.bson.Document;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static com.mongodb.client.model.Filters.eq;
import static dev.taskledger.store.mongo.TaskDocuments.date;
import static dev.taskledger.store.mongo.TaskDocuments.instant;

/**
 * The {@code <tasks>_results} collection: {@code _id} = the task's UUID string (at most one result per task),
 * {@code payload} (JSON text, verbatim), {@code created_at}. A put replaces the document (upsert); puts are
 * buffered until the transaction's work returns (see {@link MongoTx}).
 */
final class MongoResultStore implements ResultStore {
    private final MongoTx tx;
    private final MongoCollections c;

    MongoResultStore(MongoTx tx, MongoCollections c) {
        this.tx = tx;
        this.c = c;
    }

    @Override
    public void putAll(List<TaskResult> results) {
        for (TaskResult r : results) {
            String id = r.taskId().toString();
            tx.bufferResult(id, new Document("_id", id).append("payload", r.payload()).append("created_at", date(r.createdAt())));
        }
    }

    @Override
    public Optional<TaskResult> get(UUID taskId) {
        tx.flush();
        Document d = c.results().find(eq("_id", taskId.toString())).first();
        return d == null ? Optional.empty()
                : Optional.of(new TaskResult(taskId, d.getString("payload"), instant(d.getDate("created_at"))));
    }
}
