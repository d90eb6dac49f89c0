package dev.taskledger.store.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import dev.taskledger.jobs.spi.LeaseStore;
import dev.taskledger.ledger.spi.LedgerDatabase;
import dev.taskledger.store.ClockReading;
import dev.taskledger.store.Store;
import dev.taskledger.store.StoreBackend;
import dev.taskledger.store.StoreCapabilities;
import dev.taskledger.store.StoreException;
import dev.taskledger.store.StoreTx;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Date;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The store SPIs (the queue's {@link Store}, the {@link LedgerDatabase} and the {@link LeaseStore}) on MongoDB 5.0+ without multi-document transactions, so that it runs on a standalone server
 * (and on mongo-java-server in tests) as well as on a replica set.
 *
 * <p><b>What {@link #inTransaction} guarantees here.</b> It cannot roll back, and
 * {@link StoreCapabilities#transactional()} says so. Atomicity is kept per document, in this order:
 * <ol>
 * <li>Every change of a task is one single-document atomic operation, done when the sub-store method is
 * called: an insert guarded by the unique indexes (an idempotency-key duplicate returns the existing task), a
 * compare-and-set on {@code version} ({@code findOneAndUpdate} with the expected version in the filter; no
 * match is a {@link StoreException.VersionConflict}), or a claim ({@code findOneAndUpdate} whose filter demands
 * a pending, ready task, so two claimers can never both win one task). The services read, decide and write
 * with such a CAS and retry on conflict, so a lost race never corrupts a task.</li>
 * <li>Events, results and outbox messages are only <em>records</em> of those changes. They are buffered and
 * written after the work returned, i.e. after every task write it made ({@link MongoTx}). A crash or error in
 * between can lose a record, but never leave one for a change that did not happen; work that throws leaves
 * none of its records.</li>
 * <li>Ledger records ({@link MongoLedgerDatabase}) are one atomic {@code $inc} on the entry, or an insert guarded by
 * the unique key.</li>
 * <li>A batch insert of tasks is all-or-nothing: existing ids are refused before writing, and if a concurrent
 * writer wins a key mid-batch the rows this call inserted are deleted again before it decides anew.</li>
 * </ol>
 * What needs a replica set: real multi-document transactions ({@code ClientSession.startTransaction}) would make a
 * task change and its event commit together and let a throwing work roll back its task writes. They are not
 * used yet: claims in concurrent transactions conflict (WriteConflict) instead of skipping each other, so the
 * claim path would need its own design first. See {@code docs/mongodb.md}.
 */
final class MongoStore implements StoreBackend {
    private static final Logger LOG = LoggerFactory.getLogger(MongoStore.class);
    private static final int COMMAND_NOT_FOUND = 59;
    private static final StoreCapabilities CAPABILITIES = new StoreCapabilities("mongodb", true, false, false, true);

    private final MongoClient client;
    private final boolean ownsClient;
    private final MongoSettings settings;
    private final MongoCollections collections;
    private final MongoLedgerDatabase ledger;
    private final MongoLeaseStore leases;
    /** {@code hello}, or {@code isMaster} once the server said it does not know {@code hello}. */
    private volatile String clockCommand = "hello";

    MongoStore(MongoClient client, boolean ownsClient, MongoSettings settings) {
        this.client = client;
        this.ownsClient = ownsClient;
        this.settings = settings;
        this.collections = MongoCollections.of(client.getDatabase(settings.database()), settings);
        this.ledger = new MongoLedgerDatabase(collections);
        this.leases = new MongoLeaseStore(collections);
    }

    @Override
    public LedgerDatabase ledger() {
        return ledger;
    }

    @Override
    public LeaseStore leases() {
        return leases;
    }

    @Override
    public <T> T inOneTransaction(Function<StoreTx, T> work) {
        MongoTx tx = new MongoTx(collections);
        try {
            T result = work.apply(tx);
            tx.commit();
            return result;
        } catch (MongoException e) {
            tx.abandon();
            throw MongoErrors.translate(e);
        } catch (RuntimeException | Error e) {
            tx.abandon();
            throw e;
        }
    }

    /**
     * skipLocked: claims never wait for each other (each {@code findOneAndUpdate} commits on its own and a lost
     * candidate just moves on). No notifications between nodes (change streams would need a replica set) and no
     * rollback (see the class comment).
     */
    @Override
    public StoreCapabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public void migrate() {
        try {
            int applied = MongoMigrations.migrate(collections);
            LOG.info("MongoDB schema of {} at version {} ({} migration(s) applied now)", describe(),
                    MongoMigrations.latest(), applied);
        } catch (MongoException e) {
            throw new StoreException.Unavailable("MongoDB migration failed on " + describe() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The {@code localTime} of the server's {@code hello} answer (milliseconds), or of the older {@code isMaster} on a
     * server that does not know {@code hello} (mongo-java-server, used in tests, answers only {@code isMaster}).
     * Empty when the answer has no {@code localTime}: then the node's clock is used.
     */
    @Override
    public Optional<ClockReading> readClock() {
        try {
            MongoDatabase db = collections.database();
            long sent = System.nanoTime();
            Document answer;
            try {
                answer = db.runCommand(new Document(clockCommand, 1));
            } catch (MongoCommandException e) {
                if (!clockCommand.equals("hello") || e.getErrorCode() != COMMAND_NOT_FOUND) {
                    throw e;
                }
                clockCommand = "isMaster";
                sent = System.nanoTime();
                answer = db.runCommand(new Document(clockCommand, 1));
            }
            long received = System.nanoTime();
            Date localTime = answer.getDate("localTime");
            return localTime == null ? Optional.empty() : Optional.of(new ClockReading(localTime.toInstant(), sent, received));
        } catch (MongoException e) {
            throw MongoErrors.translate(e);
        }
    }

    @Override
    public boolean isHealthy() {
        try {
            collections.database().withTimeout(1, TimeUnit.SECONDS).runCommand(new Document("ping", 1));
            return true;
        } catch (MongoException | IllegalStateException e) {
            LOG.warn("health check of {} failed: {}", describe(), e.getMessage());
            return false;
        }
    }

    @Override
    public String describe() {
        ConnectionString cs = new ConnectionString(settings.uri());
        String scheme = settings.uri().startsWith("mongodb+srv://") ? "mongodb+srv://" : "mongodb://";
        return scheme + String.join(",", cs.getHosts()) + "/" + settings.database()
                + " (collections " + settings.tasksCollection() + "*, " + settings.ledgerCollection() + ")";
    }

    @Override
    public void close() {
        if (ownsClient) {
            client.close();
        }
    }
}
