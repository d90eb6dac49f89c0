package dev.taskledger.testkit;

import dev.taskledger.store.Store;
import dev.taskledger.store.StoreBackend;
import dev.taskledger.store.StoreCapabilities;

import java.util.Optional;

/**
 * How a backend hands the contract suite its stores. Each call of {@link #newStore()} returns a FRESH store:
 * migrated, empty, and sharing no rows with any other store this fixture handed out (a temp SQLite file, a
 * unique PostgreSQL schema, a unique MongoDB database, ...). The suite calls {@link #dispose(Store)} once
 * after each test, also when the test failed.
 *
 * <p>When the database is not configured, {@code newStore()} should call
 * {@link ExternalDatabases#postgresUrl()} (or its siblings), which skips the test visibly.
 */
public interface StoreFixture {

    /** A new, migrated, empty store (with the backend's ledger and leases over the same database). */
    StoreBackend newStore();

    /**
     * Another store over the SAME database (and schema) as {@code store}, as a second service node would open
     * it: not migrated again, and closed by the caller (never disposed of). Empty when the backend cannot
     * share one database between stores; contracts that need two nodes then skip.
     */
    default Optional<StoreBackend> anotherNode(Store store) {
        return Optional.empty();
    }

    /** What this backend's stores answer to {@link Store#capabilities()}, exactly. */
    StoreCapabilities capabilities();

    /** What {@code store} (one this fixture opened) answers to {@link Store#describe()}, exactly. */
    String description(Store store);

    /** Closes the store and removes what {@link #newStore()} created for it (file, schema, database). */
    default void dispose(Store store) {
        store.close();
    }
}
