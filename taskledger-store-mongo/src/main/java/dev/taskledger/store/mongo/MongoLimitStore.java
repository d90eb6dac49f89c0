package dev.taskledger.store.mongo;

import com.mongodb.MongoException;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.taskledger.queue.Limit;
import dev.taskledger.queue.RateWindow;
import dev.taskledger.queue.Task;
import dev.taskledger.queue.TaskStatus;
import dev.taskledger.queue.spi.LimitStore;
import dev.taskledger.store.StoreException;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Filters.nin;
import static dev.taskledger.store.mongo.TaskDocuments.*;

/**
 * Limits on MongoDB: one document per (tenant, type, key), {@code ""} for a null type or key. Without transactions
 * to lock rows in, {@link #lock} inserts the tenant's document into {@code <tasks>_limit_locks} (the unique _id makes
 * one inserter win; it carries an expiry, so a crashed holder's lock lapses) and {@link MongoTx} deletes it when the
 * transaction ends.
 */
final class MongoLimitStore implements LimitStore {
    /** A lock lapses after this long, should its holder die without giving it back. */
    private static final Duration LOCK_LAPSE = Duration.ofSeconds(30);
    /** How long a claim waits for another's turn before it gives up (a conflict, retried by the caller). */
    private static final Duration LOCK_WAIT = Duration.ofSeconds(10);

    private final MongoTx tx;
    private final MongoCollections c;

    MongoLimitStore(MongoTx tx, MongoCollections c) {
        this.tx = tx;
        this.c = c;
    }

    @Override
    public List<Limit> list(String tenant) {
        tx.check();
        List<Limit> out = new ArrayList<>();
        c.limits().find(eq(TENANT, tenant)).sort(Sorts.ascending(TYPE, CONCURRENCY_KEY)).forEach(d -> out.add(limit(d)));
        return out;
    }

    @Override
    public List<Limit> lock(String tenant) {
        tx.check();
        String holder = UUID.randomUUID().toString();
        long deadline = System.nanoTime() + LOCK_WAIT.toNanos();
        while (true) {
            Instant now = Instant.now();
            try {
                // the unique _id makes the insert the one atomic step: whoever inserts holds the lock
                c.limitLocks().insertOne(new Document(ID, tenant).append("holder", holder).append("until", date(now.plus(LOCK_LAPSE))));
                tx.onEnd(() -> c.limitLocks().deleteOne(and(eq(ID, tenant), eq("holder", holder))));
                return list(tenant);
            } catch (MongoException e) {
                if (!MongoErrors.isDuplicateKey(e)) {
                    throw e;
                }
            }
            // held: by a holder that died, when its lock lapsed
            c.limitLocks().deleteOne(and(eq(ID, tenant), lt("until", date(now))));
            if (System.nanoTime() > deadline) {
                throw new StoreException.TransientConflict("the limits of tenant " + tenant + " stayed locked for " + LOCK_WAIT, null);
            }
            Thread.onSpinWait();
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreException.TransientConflict("interrupted while waiting for the limits of tenant " + tenant, e);
            }
        }
    }

    @Override
    public void put(Limit l) {
        tx.check();
        Document d = new Document(ID, id(l.tenant(), l.type(), l.concurrencyKey()))
                .append(TENANT, l.tenant()).append(TYPE, orEmpty(l.type())).append(CONCURRENCY_KEY, orEmpty(l.concurrencyKey()))
                .append("max_running", l.maxRunning())
                .append("rate_count", l.rate() == null ? null : l.rate().count())
                .append("rate_period_seconds", l.rate() == null ? null : l.rate().periodSeconds())
                .append("rate_starts", l.starts().encode())
                .append("updated_at", date(l.updatedAt()));
        c.limits().replaceOne(eq(ID, d.getString(ID)), d, new ReplaceOptions().upsert(true));
    }

    @Override
    public void saveStarts(Limit l) {
        tx.check();
        c.limits().updateOne(eq(ID, id(l.tenant(), l.type(), l.concurrencyKey())), Updates.set("rate_starts", l.starts().encode()));
    }

    @Override
    public boolean delete(String tenant, String type, String concurrencyKey) {
        tx.check();
        return c.limits().deleteOne(eq(ID, id(tenant, type, concurrencyKey))).getDeletedCount() > 0;
    }

    @Override
    public List<Usage> running(String tenant, Instant now) {
        tx.check();
        return count(and(eq(TENANT, tenant), eq(STATUS, TaskStatus.PROCESSING.dbName()), gt(LEASE_EXPIRES_AT, date(now))));
    }

    @Override
    public List<Usage> ready(String tenant, Instant now) {
        tx.check();
        return count(and(eq(TENANT, tenant), eq(STATUS, TaskStatus.PENDING.dbName()), lte(RUN_AT, date(now))));
    }

    @Override
    public List<Task> candidates(Candidates q) {
        tx.check();
        List<Bson> filter = new ArrayList<>(List.of(eq(TENANT, q.tenant()), eq(STATUS, TaskStatus.PENDING.dbName()),
                lte(RUN_AT, date(q.now()))));
        if (!q.types().isEmpty()) {
            filter.add(in(TYPE, q.types()));
        }
        if (!q.excludedTypes().isEmpty()) {
            filter.add(nin(TYPE, q.excludedTypes()));
        }
        if (!q.excludedKeys().isEmpty()) {
            filter.add(nin(CONCURRENCY_KEY, q.excludedKeys())); // a missing or null key is not in the list
        }
        List<Task> out = new ArrayList<>();
        c.tasks().find(and(filter)).sort(MongoTaskStore.CLAIM_ORDER).limit(q.limit())
                .forEach(d -> out.add(TaskDocuments.fromDocument(d)));
        return out;
    }

    /** Counts per (type, key), grouped here: mongo-java-server's aggregation is not worth relying on for this. */
    private List<Usage> count(Bson filter) {
        Map<List<String>, long[]> counts = new LinkedHashMap<>();
        c.tasks().find(filter).projection(new Document(TYPE, 1).append(CONCURRENCY_KEY, 1)).forEach(d -> {
            List<String> key = java.util.Arrays.asList(d.getString(TYPE), d.getString(CONCURRENCY_KEY));
            counts.computeIfAbsent(key, k -> new long[1])[0]++;
        });
        List<Usage> out = new ArrayList<>(counts.size());
        counts.forEach((k, n) -> out.add(new Usage(k.get(0), k.get(1), n[0])));
        return out;
    }

    private static String id(String tenant, String type, String key) {
        return tenant + "\u0000" + orEmpty(type) + "\u0000" + orEmpty(key);
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private static Limit limit(Document d) {
        String type = d.getString(TYPE);
        String key = d.getString(CONCURRENCY_KEY);
        Integer count = d.getInteger("rate_count");
        Limit.Rate rate = count == null ? null : new Limit.Rate(count, d.getInteger("rate_period_seconds"));
        return new Limit(d.getString(TENANT), type.isEmpty() ? null : type, key.isEmpty() ? null : key,
                d.getInteger("max_running"), rate, RateWindow.decode(d.getString("rate_starts")), instant(d.getDate("updated_at")));
    }
}
