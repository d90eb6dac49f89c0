package dev.taskledger.store.mongo;

import dev.taskledger.ledger.LedgerEntry;
import dev.taskledger.ledger.LedgerRecord;
import dev.taskledger.ledger.LedgerStatus;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.time.Instant;

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
}
