package dev.taskledger.store.mongo;

import com.mongodb.MongoException;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Updates;
import dev.taskledger.jobs.spi.LeaseStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.or;
import static dev.taskledger.store.mongo.TaskDocuments.date;

/** {@link LeaseStore} on the {@code <tasks>_leases} collection: {@code _id} = lease name, {@code owner}, {@code expires_at}. */
final class MongoLeaseStore implements LeaseStore {
    private final MongoCollections c;

    MongoLeaseStore(MongoCollections c) {
        this.c = c;
    }

    /**
     * One conditional upsert: it matches the lease document only when {@code holder} holds it or its term ended;
     * when someone else holds it, the upsert's insert collides with the existing {@code _id} and the answer is no.
     */
    @Override
    public boolean tryAcquire(String name, String holder, Clock clock, Duration ttl) {
        Instant now = LeaseStore.now(clock);
        try {
            c.leases().findOneAndUpdate(and(eq("_id", name), or(eq("owner", holder), lt("expires_at", date(now)))),
                    Updates.combine(Updates.set("owner", holder), Updates.set("expires_at", date(now.plus(ttl)))),
                    new FindOneAndUpdateOptions().upsert(true));
            return true;
        } catch (MongoException e) {
            if (MongoErrors.isDuplicateKey(e)) {
                return false;
            }
            throw MongoErrors.translate(e);
        }
    }

    @Override
    public void release(String name, String holder) {
        try {
            c.leases().deleteOne(and(eq("_id", name), eq("owner", holder)));
        } catch (MongoException e) {
            throw MongoErrors.translate(e);
        }
    }
}
