package dev.taskledger.store.mongo;

import dev.taskledger.jobs.ArchiveFileStore;
import org.bson.Document;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import static com.mongodb.client.model.Filters.eq;
import static dev.taskledger.store.mongo.TaskDocuments.date;

/**
 * The {@code <tasks>_archive_files} collection: {@code _id} = the file name, {@code created_at}. Written at once
 * (not buffered): without transactions, retention adds a name only after its batch's deletes (docs/mongodb.md).
 */
final class MongoArchiveFileStore implements ArchiveFileStore {
    private final MongoTx tx;
    private final MongoCollections c;

    MongoArchiveFileStore(MongoTx tx, MongoCollections c) {
        this.tx = tx;
        this.c = c;
    }

    @Override
    public void add(String name, Instant at) {
        tx.check();
        c.archiveFiles().insertOne(new Document("_id", name).append("created_at", date(at)));
    }

    @Override
    public Set<String> names() {
        tx.check();
        Set<String> names = new HashSet<>();
        c.archiveFiles().find().forEach(d -> names.add(d.getString("_id")));
        return names;
    }

    @Override
    public void remove(String name) {
        tx.check();
        c.archiveFiles().deleteOne(eq("_id", name));
    }
}
