package dev.taskledger.server.config;

import dev.taskledger.store.Store;
import dev.taskledger.store.StoreBackend;
import dev.taskledger.store.jdbc.JdbcSettings;
import dev.taskledger.store.jdbc.JdbcStores;
import dev.taskledger.store.mongo.MongoSettings;
import dev.taskledger.store.mongo.MongoStores;

/**
 * Opens the backend the configuration names (without migrating it: {@code Application} calls
 * {@link Store#migrate()}). One switch over {@link Database.Backend} is the only place that knows which
 * module implements which backend.
 */
public final class Stores {
    private Stores() {}

    public static StoreBackend open(Config config) {
        Database db = config.database();
        return switch (db.backend()) {
            case SQLITE, POSTGRESQL, MYSQL -> openJdbc(db);
            case MONGODB -> openMongo(config);
        };
    }

    /** {@link JdbcStores#open} also creates the directory of a SQLite file. */
    private static StoreBackend openJdbc(Database db) {
        try {
            return JdbcStores.open(new JdbcSettings(db.url(), db.user(), db.password(), db.schema(), db.maxPoolSize(),
                    db.connectTimeout()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    /**
     * The MongoDB store (module {@code taskledger-store-mongo}) at {@code config.database().url()}: TASKLEDGER_DB_URL
     * when it is a mongodb:// URI, else the Task Repository Service's MONGODB_URI (see {@link Database} for the precedence), with
     * its MONGODB_DATABASE (default: the URI's database, else {@code task_repository}) and MONGODB_TASKS_COLLECTION.
     */
    private static StoreBackend openMongo(Config config) {
        try {
            return MongoStores.open(new MongoSettings(config.database().url(), config.mongo().database(),
                    config.mongo().tasksCollection(), config.database().connectTimeout()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }
}
