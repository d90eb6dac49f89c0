package dev.taskledger.store.mongo;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import dev.taskledger.ledger.LedgerStatus;
import dev.taskledger.ledger.LedgerSummary;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static dev.taskledger.store.mongo.LedgerDocuments.CREATED;
import static dev.taskledger.store.mongo.LedgerDocuments.NAME;
import static dev.taskledger.store.mongo.LedgerDocuments.RETRIES;
import static dev.taskledger.store.mongo.LedgerDocuments.STATUS;
import static dev.taskledger.store.mongo.LedgerDocuments.TENANT;
import static dev.taskledger.store.mongo.LedgerDocuments.UPDATED;
import static dev.taskledger.store.mongo.TaskDocuments.date;
import static dev.taskledger.store.mongo.TaskDocuments.instant;

/**
 * The ledger's counts ({@code inv_tasks_counts}), which {@code GET /api/v1/ledger/summary} reads instead of every entry:
 * one document per (tenant, task_name, current_status, slot) with {@code entries}, the sum of their {@code retries},
 * and bounds {@code first_created} / {@code last_updated} of the name (absent until an entry sets them). The SQL
 * stores keep the same table by triggers (PostgreSQL V17); here {@link MongoLedgerStore} calls {@link #add} after
 * each write of an entry. MongoDB's ledger has no transactions ({@code LedgerDatabase.transactional()} is false), so
 * the count follows the entry's write as a second write: a process that dies between the two leaves the count
 * off by that write.
 *
 * <p>Each write picks a random slot of {@value #SLOTS}, so concurrent writers of one name and status rarely update
 * the same document; the summary adds the slots up. The migration's backfill writes slot {@value #BACKFILL_SLOT},
 * which no writer uses, so that nodes migrating at once set the same values instead of adding them twice.
 */
final class MongoLedgerCounts {
    static final int SLOTS = 16;
    static final int BACKFILL_SLOT = SLOTS;
    static final String SLOT = "slot";
    static final String ENTRIES = "entries";
    static final String FIRST = "first_created";
    static final String LAST = "last_updated";

    private final MongoCollections c;

    MongoLedgerCounts(MongoCollections c) {
        this.c = c;
    }

    private static Bson name(String tenant, String taskName) {
        return and(eq(TENANT, tenant), eq(NAME, taskName));
    }

    /**
     * Adds {@code entries} and {@code retries} to (tenant, taskName, status) and widens the name's bounds to
     * {@code created} and {@code updated} (either may be null: no bound).
     */
    void add(String tenant, String taskName, LedgerStatus status, long entries, long retries, Instant created, Instant updated) {
        List<Bson> changes = new ArrayList<>(List.of(Updates.inc(ENTRIES, entries), Updates.inc(RETRIES, retries)));
        if (created != null) {
            changes.add(Updates.min(FIRST, date(created)));
        }
        if (updated != null) {
            changes.add(Updates.max(LAST, date(updated)));
        }
        Bson row = and(eq(TENANT, tenant), eq(NAME, taskName), eq(STATUS, status.dbName()),
                eq(SLOT, ThreadLocalRandom.current().nextInt(SLOTS)));
        for (int attempt = 1; ; attempt++) {
            try {
                c.ledgerCounts().updateOne(row, Updates.combine(changes), new UpdateOptions().upsert(true));
                return;
            } catch (MongoException e) {
                // two first upserts of one row race on the unique index; the loser finds the row next time
                if (!MongoErrors.isDuplicateKey(e) || attempt == 3) {
                    throw e;
                }
            }
        }
    }

    /** Changes gathered over several writes, then added with one update per (tenant, task_name, status). */
    Changes changes() {
        return new Changes();
    }

    final class Changes {
        private record Row(String tenant, String name, LedgerStatus status) {}

        private static final class Sum {
            long entries;
            long retries;
            Instant first;
            Instant last;
        }

        private final Map<Row, Sum> sums = new java.util.LinkedHashMap<>();

        /** As {@link MongoLedgerCounts#add}, applied by {@link #flush}. */
        void add(String tenant, String taskName, LedgerStatus status, long entries, long retries, Instant created, Instant updated) {
            Sum sum = sums.computeIfAbsent(new Row(tenant, taskName, status), r -> new Sum());
            sum.entries += entries;
            sum.retries += retries;
            sum.first = sum.first == null || created != null && created.isBefore(sum.first) ? created : sum.first;
            sum.last = sum.last == null || updated != null && updated.isAfter(sum.last) ? updated : sum.last;
        }

        void flush() {
            sums.forEach((row, sum) -> MongoLedgerCounts.this.add(row.tenant(), row.name(), row.status(), sum.entries,
                    sum.retries, sum.first, sum.last));
            sums.clear();
        }
    }

    /**
     * After an entry of (tenant, taskName) that had {@code goneCreated} / {@code goneUpdated} (null: none) left the name
     * or moved back: when it held a bound that no other entry of the name holds, the name's bounds are counted again
     * from its entries.
     */
    void rebound(String tenant, String taskName, Instant goneCreated, Instant goneUpdated) {
        Document bounds = c.ledgerCounts().aggregate(List.of(Aggregates.match(name(tenant, taskName)),
                Aggregates.group(null, Accumulators.min("lo", "$" + FIRST), Accumulators.max("hi", "$" + LAST)))).first();
        Instant lo = bounds == null ? null : instant(bounds.getDate("lo"));
        Instant hi = bounds == null ? null : instant(bounds.getDate("hi"));
        boolean firstHeld = goneCreated == null || lo == null || goneCreated.isAfter(lo) || holds(tenant, taskName, CREATED, lo);
        boolean lastHeld = goneUpdated == null || hi == null || goneUpdated.isBefore(hi) || holds(tenant, taskName, UPDATED, hi);
        if (firstHeld && lastHeld) {
            return;
        }
        Document exact = entryBounds(tenant, taskName);
        java.util.Date first = exact == null ? null : exact.getDate("lo");
        java.util.Date last = exact == null ? null : exact.getDate("hi");
        c.ledgerCounts().updateMany(name(tenant, taskName), Updates.combine(
                first == null ? Updates.unset(FIRST) : Updates.set(FIRST, first),
                last == null ? Updates.unset(LAST) : Updates.set(LAST, last)));
        // No transaction keeps writers of the name out meanwhile: an entry written after the read above whose own
        // widening of the bounds came before the set would be lost, so the entries are read again and the bounds
        // widened to them (an entry written later widens them itself, after this set).
        Document again = entryBounds(tenant, taskName);
        if (again != null && again.getDate("lo") != null && again.getDate("hi") != null) {
            c.ledgerCounts().updateMany(name(tenant, taskName), Updates.combine(Updates.min(FIRST, again.getDate("lo")),
                    Updates.max(LAST, again.getDate("hi"))));
        }
    }

    /** The earliest created ({@code lo}) and latest updated ({@code hi}) of the name's entries; null without entries. */
    private Document entryBounds(String tenant, String taskName) {
        return c.ledger().aggregate(List.of(Aggregates.match(name(tenant, taskName)),
                Aggregates.group(null, Accumulators.min("lo", "$" + CREATED), Accumulators.max("hi", "$" + UPDATED)))).first();
    }

    private boolean holds(String tenant, String taskName, String field, Instant value) {
        return c.ledger().find(and(eq(TENANT, tenant), eq(NAME, taskName), eq(field, date(value))))
                .projection(new Document("_id", 1)).limit(1).first() != null;
    }

    /** One summary per task_name with entries, by task_name: each status's slots added up, bounds over all rows. */
    List<LedgerSummary> summary(String tenant, String taskName) {
        Bson match = taskName == null ? eq(TENANT, tenant) : name(tenant, taskName);
        List<Document> groups = new ArrayList<>();
        c.ledgerCounts().aggregate(List.of(Aggregates.match(match),
                Aggregates.group(new Document("name", "$" + NAME).append("status", "$" + STATUS),
                        Accumulators.sum("n", "$" + ENTRIES), Accumulators.sum("retries", "$" + RETRIES),
                        Accumulators.min("first", "$" + FIRST), Accumulators.max("last", "$" + LAST)))).into(groups);
        Map<String, Acc> byName = new TreeMap<>();
        for (Document g : groups) {
            Document id = g.get("_id", Document.class);
            byName.computeIfAbsent(id.getString("name"), n -> new Acc()).add(LedgerStatus.fromDb(id.getString("status")), g);
        }
        List<LedgerSummary> out = new ArrayList<>(byName.size());
        byName.forEach((n, acc) -> {
            if (acc.total > 0) {
                out.add(new LedgerSummary(n, acc.total, acc.byStatus, acc.first, acc.last, acc.retries));
            }
        });
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
            if (n != 0) {
                byStatus.put(status, n);
            }
            total += n;
            retries += g.get("retries", Number.class).longValue();
            Instant f = instant(g.getDate("first"));
            Instant l = instant(g.getDate("last"));
            first = first == null || f != null && f.isBefore(first) ? f : first;
            last = last == null || l != null && l.isAfter(last) ? l : last;
        }
    }

    /** Migration 10: the counts of the entries there are, in the backfill slot (setting, not adding: repeatable). */
    static void backfill(MongoCollections c) {
        MongoCollection<Document> counts = c.ledgerCounts();
        c.ledger().aggregate(List.of(
                Aggregates.group(new Document("tenant", "$" + TENANT).append("name", "$" + NAME).append("status", "$" + STATUS),
                        Accumulators.sum("n", 1), Accumulators.sum("retries", "$" + RETRIES),
                        Accumulators.min("first", "$" + CREATED), Accumulators.max("last", "$" + UPDATED)),
                Aggregates.sort(Sorts.ascending("_id")))).forEach(g -> {
            Document id = g.get("_id", Document.class);
            Bson row = and(eq(TENANT, id.getString("tenant")), eq(NAME, id.getString("name")),
                    eq(STATUS, id.getString("status")), eq(SLOT, BACKFILL_SLOT));
            List<Bson> set = new ArrayList<>(List.of(Updates.set(ENTRIES, g.get("n", Number.class).longValue()),
                    Updates.set(RETRIES, g.get("retries", Number.class).longValue())));
            // a bound is a date or absent, never null ($min would keep a null: it sorts before every date)
            set.add(g.getDate("first") == null ? Updates.unset(FIRST) : Updates.set(FIRST, g.getDate("first")));
            set.add(g.getDate("last") == null ? Updates.unset(LAST) : Updates.set(LAST, g.getDate("last")));
            counts.updateOne(row, Updates.combine(set), new UpdateOptions().upsert(true));
        });
    }
}
