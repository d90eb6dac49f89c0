package dev.taskledger.store.mongo;

import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.taskledger.queue.spi.OutboxMessage;
import dev.taskledger.queue.spi.OutboxStore;
import org.bson.Document;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;
import static dev.taskledger.store.mongo.TaskDocuments.date;
import static dev.taskledger.store.mongo.TaskDocuments.instant;

/**
 * The {@code <tasks>_outbox} collection: {@code _id} (a long from the {@code outbox} sequence, reserved as a
 * block when the transaction's buffered writes are flushed, so ids grow in append order), {@code event_id},
 * {@code task_id}, {@code tenant}, {@code routing_key}, {@code body} (JSON text), {@code created_at},
 * {@code attempts}, {@code next_attempt_at}, {@code sent_at}, {@code last_error}.
 */
final class MongoOutboxStore implements OutboxStore {
    private static final String COUNTER = "outbox";

    private final MongoTx tx;
    private final MongoCollections c;

    MongoOutboxStore(MongoTx tx, MongoCollections c) {
        this.tx = tx;
        this.c = c;
    }

    @Override
    public void appendAll(List<OutboxMessage> messages) {
        List<Document> docs = new ArrayList<>(messages.size());
        for (OutboxMessage m : messages) {
            docs.add(new Document("event_id", m.eventId().toString()).append("task_id", m.taskId().toString())
                    .append("tenant", m.tenant()).append("routing_key", m.routingKey()).append("body", m.body())
                    .append("created_at", date(m.createdAt())).append("attempts", m.attempts())
                    .append("next_attempt_at", date(m.nextAttemptAt())).append("sent_at", date(m.sentAt()))
                    .append("last_error", m.lastError()));
        }
        tx.bufferOutbox(docs);
    }

    /** Called by {@link MongoTx#flush()}: numbers the buffered messages and writes them. */
    void insert(List<Document> docs) {
        long first = c.reserve(COUNTER, docs.size());
        List<Document> numbered = new ArrayList<>(docs.size());
        for (int i = 0; i < docs.size(); i++) {
            Document d = new Document("_id", first + i);
            d.putAll(docs.get(i));
            numbered.add(d);
        }
        c.outbox().insertMany(numbered);
    }

    @Override
    public List<OutboxMessage> nextUnsent(Instant now, int limit) {
        tx.flush();
        List<OutboxMessage> out = new ArrayList<>();
        for (Document d : c.outbox().find(eq("sent_at", null)).sort(Sorts.ascending("_id")).limit(limit)) {
            OutboxMessage m = toMessage(d);
            if (m.nextAttemptAt().isAfter(now)) {
                break; // it waits for its retry, and so do the messages after it
            }
            out.add(m);
        }
        return out;
    }

    @Override
    public void markSent(List<Long> ids, Instant now) {
        tx.flush();
        if (!ids.isEmpty()) {
            c.outbox().updateMany(in("_id", ids), Updates.set("sent_at", date(now)));
        }
    }

    @Override
    public void markFailed(long id, String error, Instant nextAttemptAt) {
        tx.flush();
        c.outbox().updateOne(eq("_id", id), Updates.combine(Updates.inc("attempts", 1), Updates.set("last_error", error),
                Updates.set("next_attempt_at", date(nextAttemptAt))));
    }

    @Override
    public Lag lag() {
        tx.flush();
        long unsent = c.outbox().countDocuments(eq("sent_at", null));
        Document oldest = unsent == 0 ? null : c.outbox().find(eq("sent_at", null)).sort(Sorts.ascending("created_at"))
                .projection(new Document("created_at", 1)).limit(1).first();
        return new Lag(unsent, oldest == null ? null : instant(oldest.getDate("created_at")));
    }

    @Override
    public int deleteSentBefore(Instant before, int limit) {
        tx.flush();
        List<Object> ids = new ArrayList<>();
        c.outbox().find(lt("sent_at", date(before))).sort(Sorts.ascending("sent_at", "_id")).limit(limit)
                .projection(new Document("_id", 1)).forEach(d -> ids.add(d.get("_id")));
        return ids.isEmpty() ? 0 : (int) c.outbox().deleteMany(in("_id", ids)).getDeletedCount();
    }

    private static OutboxMessage toMessage(Document d) {
        return new OutboxMessage(d.get("_id", Number.class).longValue(), UUID.fromString(d.getString("event_id")),
                UUID.fromString(d.getString("task_id")), d.getString("tenant"), d.getString("routing_key"),
                d.getString("body"), instant(d.getDate("created_at")), d.get("attempts", Number.class).intValue(),
                instant(d.getDate("next_attempt_at")), instant(d.getDate("sent_at")), d.getString("last_error"));
    }
}
