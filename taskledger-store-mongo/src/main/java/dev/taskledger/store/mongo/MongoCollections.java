package dev.taskledger.store.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import org.bson.Document;

import static com.mongodb.client.model.Filters.eq;

/** The collections of one store, named by {@link MongoSettings}. */
record MongoCollections(MongoDatabase database, MongoCollection<Document> tasks, MongoCollection<Document> events,
                   MongoCollection<Document> results, MongoCollection<Document> ledger, MongoCollection<Document> outbox,
                   MongoCollection<Document> leases, MongoCollection<Document> counters,
                   MongoCollection<Document> migrations, MongoCollection<Document> archiveFiles,
                   MongoCollection<Document> installation, MongoCollection<Document> schedules,
                   MongoCollection<Document> scheduleEvents, MongoCollection<Document> limits,
                   MongoCollection<Document> limitLocks, MongoCollection<Document> dependencies,
                   MongoCollection<Document> ledgerCounts) {

    static MongoCollections of(MongoDatabase db, MongoSettings s) {
        return new MongoCollections(db, db.getCollection(s.tasksCollection()), db.getCollection(s.eventsCollection()),
                db.getCollection(s.resultsCollection()), db.getCollection(s.ledgerCollection()),
                db.getCollection(s.outboxCollection()), db.getCollection(s.leasesCollection()),
                db.getCollection(s.countersCollection()), db.getCollection(s.migrationsCollection()),
                db.getCollection(s.archiveFilesCollection()), db.getCollection(s.installationCollection()),
                db.getCollection(s.schedulesCollection()), db.getCollection(s.scheduleEventsCollection()),
                db.getCollection(s.limitsCollection()), db.getCollection(s.limitLocksCollection()),
                db.getCollection(s.dependenciesCollection()), db.getCollection(s.ledgerCountsCollection()));
    }

    /**
     * Reserves {@code n} consecutive values of the sequence {@code name} (the replic ledger's AUTO_INCREMENT) and returns
     * the first. Atomic per call; values reserved by a caller that then fails are skipped (gaps, as in MySQL).
     */
    long reserve(String name, int n) {
        FindOneAndUpdateOptions upsert = new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER);
        for (int attempt = 1; ; attempt++) {
            try {
                Document after = counters.findOneAndUpdate(eq("_id", name), Updates.inc("seq", (long) n), upsert);
                return after.get("seq", Number.class).longValue() - n + 1;
            } catch (com.mongodb.MongoException e) {
                // two first-ever upserts of the same counter can race on _id (E11000 from findAndModify is a command
                // error, not a write error); the loser finds the document next time
                if (!MongoErrors.isDuplicateKey(e) || attempt == 3) {
                    throw e;
                }
            }
        }
    }
}
