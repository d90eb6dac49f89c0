package dev.taskledger.store.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Sorts;
import dev.taskledger.ledger.LedgerEntry;
import dev.taskledger.ledger.LedgerRecord;
import dev.taskledger.ledger.LedgerStatus;
import dev.taskledger.ledger.LedgerSummary;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static dev.taskledger.store.mongo.TaskDocuments.date;
import static dev.taskledger.store.mongo.TaskDocuments.instant;

/**
 * The {@code inv_tasks} document, the replic ledger's row: {@code _id} is the row's integer id (a 64-bit long taken from
 * the {@code inv_tasks} sequence of the counters collection, so it is stable, unique and grows like MySQL's
 * AUTO_INCREMENT), then {@code tenant}, {@code task_name}, {@code task_item}, {@code retries} (int),
 * {@code current_status} (ok, fail, pending, partial, unknown), {@code note} (null when absent), and
 * {@code created}/{@code updated} as BSON dates holding whole seconds.
 */
final class LedgerDocuments {
    static final String COUNTER = "inv_tasks";
    static final String ID = "_id";
    static final String TENANT = "tenant";
    static final String NAME = "task_name";
    static final String ITEM = "task_item";
    static final String RETRIES = "retries";
    static final String STATUS = "current_status";
    static final String NOTE = "note";
    static final String CREATED = "created";
    static final String UPDATED = "updated";

    private LedgerDocuments() {}

    static Bson key(String tenant, String name, String item) {
        return and(eq(TENANT, tenant), eq(NAME, name), eq(ITEM, item));
    }

    static Document newEntry(long id, LedgerRecord r, int retries, Instant now) {
        return new Document(ID, id).append(TENANT, r.tenant()).append(NAME, r.taskName()).append(ITEM, r.taskItem())
                .append(RETRIES, retries).append(STATUS, r.status().dbName()).append(NOTE, r.note())
                .append(CREATED, date(now)).append(UPDATED, date(now));
    }

    static LedgerEntry toEntry(Document d) {
        return new LedgerEntry(d.get(ID, Number.class).longValue(), d.getString(TENANT), d.getString(NAME),
                d.getString(ITEM), d.get(RETRIES, Number.class).intValue(), LedgerStatus.fromDb(d.getString(STATUS)),
                d.getString(NOTE), instant(d.getDate(CREATED)), instant(d.getDate(UPDATED)));
    }

    /** One {@code $group} per (task_name, status); the per-name totals are added up here. */
    static List<LedgerSummary> summary(MongoCollection<Document> ledger, String tenant, String taskName) {
        Bson match = taskName == null ? eq(TENANT, tenant) : and(eq(TENANT, tenant), eq(NAME, taskName));
        List<Document> groups = new ArrayList<>();
        ledger.aggregate(List.of(Aggregates.match(match),
                Aggregates.group(new Document("name", "$" + NAME).append("status", "$" + STATUS),
                        Accumulators.sum("n", 1), Accumulators.min("first", "$" + CREATED),
                        Accumulators.max("last", "$" + UPDATED), Accumulators.sum("retries", "$" + RETRIES)),
                Aggregates.sort(Sorts.ascending("_id.name", "_id.status")))).into(groups);
        Map<String, Acc> byName = new LinkedHashMap<>();
        for (Document g : groups) {
            Document id = g.get("_id", Document.class);
            byName.computeIfAbsent(id.getString("name"), n -> new Acc()).add(LedgerStatus.fromDb(id.getString("status")), g);
        }
        List<LedgerSummary> out = new ArrayList<>(byName.size());
        byName.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> out.add(e.getValue().summary(e.getKey())));
        return out;
    }

    private static final class Acc {
        final Map<LedgerStatus, Long> byStatus = new EnumMap<>(LedgerStatus.class);
        long total;
        long retries;
        Instant first;
        Instant last;

        void add(LedgerStatus status, Document g) {
            long n = g.get("n", Number.class).longValue();
            byStatus.merge(status, n, Long::sum);
            total += n;
            retries += g.get("retries", Number.class).longValue();
            Instant f = instant(g.getDate("first"));
            Instant l = instant(g.getDate("last"));
            first = first == null || f.isBefore(first) ? f : first;
            last = last == null || l.isAfter(last) ? l : last;
        }

        LedgerSummary summary(String name) {
            return new LedgerSummary(name, total, byStatus, first, last, retries);
        }
    }
}
