package dev.taskledger.store.mongo;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.taskledger.ledger.LedgerEntry;
import dev.taskledger.ledger.LedgerPage;
import dev.taskledger.ledger.LedgerQuery;
import dev.taskledger.ledger.LedgerRecord;
import dev.taskledger.ledger.LedgerSummary;
import dev.taskledger.ledger.spi.LedgerStore;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.in;
import static dev.taskledger.store.mongo.LedgerDocuments.*;

/**
 * The replic ledger's {@code inv_tasks} on MongoDB (see {@link LedgerDocuments} for the document). The upsert is
 * "increment if present, else insert with retries 0": an update of the existing document ({@code $inc} is atomic,
 * so concurrent records never lose an increment), and when none matched an insert with a fresh id from the
 * counters collection; a racing insert of the same key fails on the unique (tenant, task_name, task_item)
 * index and the loser goes back to incrementing. MongoDB's single-statement alternatives do not fit:
 * {@code $inc} with {@code $setOnInsert} cannot start retries at 0, and update pipelines are missing from
 * mongo-java-server. Every write of an entry is followed by the change of the counts it makes ({@link MongoLedgerCounts}):
 * the upsert reads the entry as it was before (old status and retries) with the same atomic update.
 */
final class MongoLedgerStore implements LedgerStore {
    private static final int RECORD_ATTEMPTS = 10;

    private final MongoCollections c;
    private final MongoLedgerCounts counts;
    private boolean open = true;

    MongoLedgerStore(MongoCollections c) {
        this.c = c;
        this.counts = new MongoLedgerCounts(c);
    }

    /** Its {@code inTransaction} call returned: any later use is a mistake. */
    void close() {
        open = false;
    }

    private void check() {
        if (!open) {
            throw new IllegalStateException("this LedgerStore was used after its inTransaction call returned");
        }
    }

    @Override
    public LedgerEntry record(LedgerRecord r, Instant now) {
        check();
        MongoLedgerCounts.Changes changes = counts.changes();
        try {
            return upsert(r, 1, now, changes);
        } finally {
            changes.flush();
        }
    }

    /** Applies {@code times} records of one key whose last one is {@code r}. */
    private LedgerEntry upsert(LedgerRecord r, int times, Instant now, MongoLedgerCounts.Changes changes) {
        FindOneAndUpdateOptions before = new FindOneAndUpdateOptions().returnDocument(ReturnDocument.BEFORE);
        for (int attempt = 1; ; attempt++) {
            Document old = c.ledger().findOneAndUpdate(key(r.tenant(), r.taskName(), r.taskItem()), increment(r, times, now), before);
            if (old != null) {
                LedgerEntry was = toEntry(old);
                LedgerEntry is = new LedgerEntry(was.id(), was.tenant(), was.taskName(), was.taskItem(), was.retries() + times,
                        r.status(), r.note(), was.created(), now);
                updated(was, is, changes);
                return is;
            }
            Document fresh = newEntry(c.reserve(COUNTER, 1), r, times - 1, now);
            try {
                c.ledger().insertOne(fresh);
                LedgerEntry is = toEntry(fresh);
                changes.add(is.tenant(), is.taskName(), is.status(), 1, is.retries(), is.created(), is.updated());
                return is;
            } catch (MongoWriteException e) {
                if (!MongoErrors.isDuplicateKey(e) || attempt == RECORD_ATTEMPTS) {
                    throw MongoErrors.translate(e);
                }
            }
        }
    }

    /** The counts' change for an entry written again: out of its old status, into its new one. */
    private void updated(LedgerEntry was, LedgerEntry is, MongoLedgerCounts.Changes changes) {
        changes.add(was.tenant(), was.taskName(), was.status(), -1, -was.retries(), null, null);
        changes.add(is.tenant(), is.taskName(), is.status(), 1, is.retries(), is.created(), is.updated());
        if (is.updated().isBefore(was.updated())) { // a clock behind the one that wrote it last
            counts.rebound(was.tenant(), was.taskName(), null, was.updated());
        }
    }

    private static Bson increment(LedgerRecord r, int times, Instant now) {
        return Updates.combine(Updates.inc(RETRIES, times), Updates.set(STATUS, r.status().dbName()),
                Updates.set(NOTE, r.note()), Updates.set(UPDATED, TaskDocuments.date(now)));
    }

    /**
     * The same upsert in bulk: one lookup of the batch's keys, the upsert of each of those that exist (it reads the
     * entry as it was, for the counts), and one insert of the new ones with ids reserved as a block in record order.
     * A key repeated n times counts n times and keeps its last status and note. New keys that a concurrent writer
     * inserted meanwhile fall back to the one-by-one upsert.
     */
    @Override
    public void recordAll(List<LedgerRecord> records, Instant now) {
        check();
        if (records.isEmpty()) {
            return;
        }
        Map<Key, Integer> times = new LinkedHashMap<>();
        Map<Key, LedgerRecord> last = new LinkedHashMap<>();
        for (LedgerRecord r : records) {
            Key k = new Key(r.tenant(), r.taskName(), r.taskItem());
            times.merge(k, 1, Integer::sum);
            last.put(k, r);
        }
        MongoLedgerCounts.Changes changes = counts.changes();
        try {
            recordAll(times, last, now, changes);
        } finally {
            changes.flush(); // also the changes of the entries written before a failure
        }
    }

    private void recordAll(Map<Key, Integer> times, Map<Key, LedgerRecord> last, Instant now, MongoLedgerCounts.Changes changes) {
        Set<Key> present = present(times.keySet());
        List<Key> missing = new ArrayList<>();
        for (Map.Entry<Key, Integer> e : times.entrySet()) {
            Key k = e.getKey();
            if (present.contains(k)) {
                upsert(last.get(k), e.getValue(), now, changes);
            } else {
                missing.add(k);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        long firstId = c.reserve(COUNTER, missing.size());
        List<Document> docs = new ArrayList<>(missing.size());
        for (int i = 0; i < missing.size(); i++) {
            Key k = missing.get(i);
            docs.add(newEntry(firstId + i, last.get(k), times.get(k) - 1, now));
        }
        Set<Integer> notInserted = new HashSet<>();
        try {
            c.ledger().insertMany(docs, new InsertManyOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            boolean otherError = false;
            for (BulkWriteError error : e.getWriteErrors()) {
                otherError |= !MongoErrors.isDuplicateKey(error);
                notInserted.add(error.getIndex());
            }
            countInserted(docs, notInserted, changes); // the documents that were inserted all the same
            if (otherError) {
                throw MongoErrors.translate(e);
            }
            for (int i : notInserted) {
                Key k = missing.get(i);
                upsert(last.get(k), times.get(k), now, changes);
            }
            return;
        }
        countInserted(docs, notInserted, changes);
    }

    /** The counts' change for the new entries of a batch. */
    private static void countInserted(List<Document> docs, Set<Integer> notInserted, MongoLedgerCounts.Changes changes) {
        for (int i = 0; i < docs.size(); i++) {
            if (!notInserted.contains(i)) {
                LedgerEntry e = toEntry(docs.get(i));
                changes.add(e.tenant(), e.taskName(), e.status(), 1, e.retries(), e.created(), e.updated());
            }
        }
    }

    private record Key(String tenant, String name, String item) {}

    private Set<Key> present(Collection<Key> keys) {
        Map<List<String>, List<String>> itemsByName = new LinkedHashMap<>();
        for (Key k : keys) {
            itemsByName.computeIfAbsent(List.of(k.tenant(), k.name()), x -> new ArrayList<>()).add(k.item());
        }
        Set<Key> present = new HashSet<>();
        itemsByName.forEach((tenantAndName, items) -> {
            String tenant = tenantAndName.get(0);
            String name = tenantAndName.get(1);
            for (LedgerEntry e : findItems(tenant, name, items)) {
                present.add(new Key(tenant, name, e.taskItem()));
            }
        });
        return present;
    }

    @Override
    public Optional<LedgerEntry> get(String tenant, String taskName, String taskItem) {
        check();
        return Optional.ofNullable(c.ledger().find(key(tenant, taskName, taskItem)).first()).map(LedgerDocuments::toEntry);
    }

    @Override
    public Optional<LedgerEntry> delete(String tenant, String taskName, String taskItem) {
        check();
        Optional<LedgerEntry> gone = Optional.ofNullable(c.ledger().findOneAndDelete(key(tenant, taskName, taskItem)))
                .map(LedgerDocuments::toEntry);
        gone.ifPresent(e -> {
            counts.add(e.tenant(), e.taskName(), e.status(), -1, -e.retries(), null, null);
            counts.rebound(e.tenant(), e.taskName(), e.created(), e.updated());
        });
        return gone;
    }

    @Override
    public LedgerPage list(LedgerQuery q) {
        check();
        List<Bson> filter = filter(q);
        if (q.afterId() != null) {
            filter.add(gt(ID, q.afterId()));
        }
        List<LedgerEntry> items = new ArrayList<>();
        c.ledger().find(and(filter)).sort(Sorts.ascending(ID)).limit(q.limit() + 1).forEach(d -> items.add(toEntry(d)));
        return items.size() <= q.limit() ? new LedgerPage(items, false) : new LedgerPage(items.subList(0, q.limit()), true);
    }

    @Override
    public void forEach(LedgerQuery q, Consumer<LedgerEntry> sink) {
        check();
        FindIterable<Document> found = c.ledger().find(and(filter(q))).sort(Sorts.ascending(ID)).batchSize(500);
        try (MongoCursor<Document> cursor = found.iterator()) {
            while (cursor.hasNext()) {
                sink.accept(toEntry(cursor.next()));
            }
        }
    }

    private static List<Bson> filter(LedgerQuery q) {
        List<Bson> filter = new ArrayList<>();
        filter.add(eq(TENANT, q.tenant()));
        if (q.taskName() != null) {
            filter.add(eq(NAME, q.taskName()));
        }
        if (q.status() != null) {
            filter.add(eq(STATUS, q.status().dbName()));
        }
        if (q.updatedAfter() != null) {
            filter.add(gt(UPDATED, TaskDocuments.date(q.updatedAfter())));
        }
        return filter;
    }

    @Override
    public List<LedgerSummary> summary(String tenant, String taskName) {
        check();
        return counts.summary(tenant, taskName);
    }

    @Override
    public List<LedgerEntry> findItems(String tenant, String taskName, Collection<String> items) {
        check();
        if (items.isEmpty()) {
            return List.of();
        }
        List<LedgerEntry> out = new ArrayList<>();
        c.ledger().find(and(eq(TENANT, tenant), eq(NAME, taskName), in(ITEM, items))).forEach(d -> out.add(toEntry(d)));
        return out;
    }
}
