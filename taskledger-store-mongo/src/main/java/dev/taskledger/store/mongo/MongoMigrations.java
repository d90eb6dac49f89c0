package dev.taskledger.store.mongo;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import static com.mongodb.client.model.Filters.eq;

/**
 * The MongoDB "schema": versioned index sets, applied in order, each recorded in {@code <tasks>_migrations} as
 * {@code {_id: "<version>", description, executed_at}} once it has run. Safe from several nodes at once:
 * {@code createIndex} with the same name and options is a no-op when the index exists, and the version
 * document is inserted with the unique {@code _id}, so a second node's insert simply loses. Versions are
 * never edited once released; a change is a new version.
 */
final class MongoMigrations {
    private static final Logger LOG = LoggerFactory.getLogger(MongoMigrations.class);

    private record Migration(int version, String description, Consumer<MongoCollections> apply) {}

    private static final List<Migration> ALL = List.of(
            new Migration(1, "tasks: idempotency key, claim order, listings, lease expiry, retention", MongoMigrations::tasks),
            new Migration(2, "task events and results", MongoMigrations::eventsAndResults),
            new Migration(3, "ledger inv_tasks (the replic ledger) and its id sequence", MongoMigrations::ledger),
            new Migration(4, "outbox", MongoMigrations::outbox),
            new Migration(5, "schedules: unique name per tenant, due order; schedule events", MongoMigrations::schedules),
            new Migration(6, "task dependencies (workflows): parents of a child, children of a parent",
                    MongoMigrations::dependencies),
            new Migration(7, "concurrency and rate limits: limits by tenant, tasks by tenant, status and key", MongoMigrations::limits),
            new Migration(8, "tasks: execution timeouts, tenants with pending work", MongoMigrations::timeoutsAndTenants),
            new Migration(9, "tasks: a tenant's tasks by idempotency key, of any type", MongoMigrations::byIdempotencyKey),
            new Migration(10, "ledger counts per task_name and status (the summary), backfilled from inv_tasks",
                    MongoMigrations::ledgerCounts));

    private MongoMigrations() {}

    /** The newest version this code knows. */
    static int latest() {
        return ALL.getLast().version();
    }

    /** Applies every version not yet recorded; returns how many it applied. */
    static int migrate(MongoCollections c) {
        Set<String> applied = new HashSet<>();
        c.migrations().find().projection(new Document("_id", 1)).forEach(d -> applied.add(String.valueOf(d.get("_id"))));
        int count = 0;
        for (Migration m : ALL) {
            String id = Integer.toString(m.version());
            if (applied.contains(id)) {
                continue;
            }
            m.apply().accept(c);
            try {
                c.migrations().insertOne(new Document("_id", id).append("description", m.description())
                        .append("executed_at", new Date()));
                LOG.info("MongoDB migration {} applied: {}", id, m.description());
            } catch (MongoException e) {
                if (!MongoErrors.isDuplicateKey(e)) {
                    throw e;
                }
                LOG.debug("MongoDB migration {} was recorded by another node meanwhile", id);
            }
            count++;
        }
        return count;
    }

    private static void tasks(MongoCollections c) {
        MongoCollection<Document> t = c.tasks();
        index(t, "tasks_idempotency", Indexes.ascending("tenant", "type", "idem_key"), true);
        index(t, "tasks_claim_order", Indexes.compoundIndex(Indexes.ascending("tenant", "status"), Indexes.descending("priority"),
                Indexes.ascending("run_at", "_id")), false);
        index(t, "tasks_tenant_status_id", Indexes.ascending("tenant", "status", "_id"), false);
        index(t, "tasks_tenant_id", Indexes.ascending("tenant", "_id"), false);
        index(t, "tasks_lease_expiry", Indexes.ascending("status", "lease_expires_at"), false);
        index(t, "tasks_finished", Indexes.ascending("status", "finished_at"), false);
    }

    private static void eventsAndResults(MongoCollections c) {
        index(c.events(), "events_task_latest", Indexes.compoundIndex(Indexes.ascending("task_id"),
                Indexes.descending("created_at", "_id")), false);
        index(c.events(), "events_created", Indexes.ascending("created_at"), false);
        // results are keyed by _id = task id: the default _id index is all they need
    }

    private static void ledger(MongoCollections c) {
        MongoCollection<Document> l = c.ledger();
        index(l, "inx_tasks", Indexes.ascending("tenant", "task_name", "task_item"), true);
        index(l, "ledger_name_id", Indexes.ascending("tenant", "task_name", "_id"), false);
        index(l, "ledger_status_id", Indexes.ascending("tenant", "current_status", "_id"), false);
        index(l, "updated_inx", Indexes.ascending("updated"), false);
        // Entries imported from elsewhere must not collide with ids the sequence hands out later.
        Document highest = l.find().sort(Sorts.descending("_id")).projection(new Document("_id", 1)).limit(1).first();
        if (highest != null && highest.get("_id") instanceof Number n) {
            c.counters().updateOne(eq("_id", LedgerDocuments.COUNTER), Updates.max("seq", n.longValue()),
                    new UpdateOptions().upsert(true));
        }
    }

    private static void outbox(MongoCollections c) {
        index(c.outbox(), "outbox_unsent", Indexes.ascending("sent_at", "_id"), false);
    }

    private static void schedules(MongoCollections c) {
        index(c.schedules(), "schedules_tenant_name", Indexes.ascending("tenant", "name"), true);
        index(c.schedules(), "schedules_tenant_id", Indexes.ascending("tenant", "_id"), false);
        index(c.schedules(), "schedules_due", Indexes.ascending("paused", "next_fire_at"), false);
        index(c.scheduleEvents(), "schedule_events_latest", Indexes.compoundIndex(Indexes.ascending("schedule_id"),
                Indexes.descending("created_at", "_id")), false);
    }

    /** Edges are keyed by {@code _id = "<child>:<parent>"}; the status WAITING needs no change (no validator). */
    private static void dependencies(MongoCollections c) {
        index(c.dependencies(), "dependencies_child", Indexes.ascending("tenant", "child_id", "position"), false);
        index(c.dependencies(), "dependencies_parent", Indexes.ascending("tenant", "parent_id", "child_id"), false);
    }

    /** Limits are read per tenant in (type, key) order; the running count reads a tenant's processing tasks. */
    private static void limits(MongoCollections c) {
        index(c.limits(), "limits_tenant", Indexes.ascending("tenant", "type", "concurrency_key"), true);
        index(c.tasks(), "tasks_tenant_status_key", Indexes.ascending("tenant", "status", "concurrency_key"), false);
    }

    /**
     * findTimedOut reads the processing tasks by start; a fair claim across tenants finds the next tenant with pending
     * work in (status, tenant) order, one index probe per tenant, however many tasks a tenant holds.
     */
    private static void timeoutsAndTenants(MongoCollections c) {
        index(c.tasks(), "tasks_status_started", Indexes.ascending("status", "started_at"), false);
        index(c.tasks(), "tasks_status_tenant", Indexes.ascending("status", "tenant"), false);
    }

    /**
     * GET /api/v1/tasks?idempotency_key= looks a tenant's tasks up by the key's input hash (idem_key), of any type:
     * tasks_idempotency leads with the type.
     */
    private static void byIdempotencyKey(MongoCollections c) {
        index(c.tasks(), "tasks_tenant_idem_key", Indexes.ascending("tenant", "idem_key"), false);
    }

    /**
     * The summary reads inv_tasks_counts (MongoLedgerCounts) instead of every entry: one document per (tenant, task_name,
     * current_status, slot), then the counts of the entries there are. Start this version with the earlier one's
     * nodes stopped: an entry an earlier node writes meanwhile is not counted.
     */
    private static void ledgerCounts(MongoCollections c) {
        index(c.ledgerCounts(), "ledger_counts_row", Indexes.ascending("tenant", "task_name", "current_status", "slot"), true);
        MongoLedgerCounts.backfill(c);
    }

    private static void index(MongoCollection<Document> collection, String name, Bson keys, boolean unique) {
        collection.createIndex(keys, new IndexOptions().name(name).unique(unique));
    }
}
