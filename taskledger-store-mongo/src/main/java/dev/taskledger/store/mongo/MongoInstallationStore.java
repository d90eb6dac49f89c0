package dev.taskledger.store.mongo;

import com.mongodb.MongoException;
import dev.taskledger.store.InstallationStore;
import org.bson.Document;

import static com.mongodb.client.model.Filters.eq;

/**
 * The {@code <tasks>_installation} collection: {@code _id} = the name, {@code value}. The first insert of a name
 * wins on {@code _id}; a racing node's insert fails as a duplicate and it reads the winner's value.
 */
final class MongoInstallationStore implements InstallationStore {
    private final MongoTx tx;
    private final MongoCollections c;

    MongoInstallationStore(MongoTx tx, MongoCollections c) {
        this.tx = tx;
        this.c = c;
    }

    @Override
    public String getOrPut(String name, String candidate) {
        tx.check();
        Document stored = c.installation().find(eq("_id", name)).first();
        if (stored == null) {
            try {
                c.installation().insertOne(new Document("_id", name).append("value", candidate));
                return candidate;
            } catch (MongoException e) {
                if (!MongoErrors.isDuplicateKey(e)) {
                    throw e;
                }
                stored = c.installation().find(eq("_id", name)).first();
            }
        }
        if (stored == null) {
            throw new IllegalStateException("installation value " + name + " vanished after it was stored");
        }
        return stored.getString("value");
    }
}
