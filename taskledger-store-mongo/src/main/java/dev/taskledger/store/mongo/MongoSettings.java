package dev.taskledger.store.mongo;

import com.mongodb.ConnectionString;

import java.time.Duration;
import java.util.Map;

/**
 * How to reach the MongoDB store, with the Task Repository Service's names and defaults: {@code uri} ({@code MONGODB_URI}),
 * {@code database} ({@code MONGODB_DATABASE}, default: the URI's database, else {@code task_repository}) and
 * {@code tasksCollection} ({@code MONGODB_TASKS_COLLECTION}, default {@code tasks}). {@code connectTimeout} is the
 * driver's server selection and socket connect timeout unless the URI sets {@code serverSelectionTimeoutMS} /
 * {@code connectTimeoutMS} itself: during an outage an operation fails (503) after about this long.
 *
 * <p>Every other collection is named after the tasks collection ({@link #eventsCollection()}, ...), so two
 * Taskledger installations can share one database under different task collection names; only the ledger
 * keeps the replic ledger's fixed name {@code inv_tasks}.
 */
public record MongoSettings(String uri, String database, String tasksCollection, Duration connectTimeout) {
    /** How long an operation waits for a usable server (the driver's server selection timeout, 30 s by default). */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final String DEFAULT_DATABASE = "task_repository";
    public static final String DEFAULT_TASKS_COLLECTION = "tasks";
    public static final String LEDGER_COLLECTION = "inv_tasks";
    /** The ledger's counts per (tenant, task_name, status), which the summary reads (MongoLedgerCounts). */
    public static final String LEDGER_COUNTS_COLLECTION = "inv_tasks_counts";

    public MongoSettings {
        if (uri == null || !(uri.startsWith("mongodb://") || uri.startsWith("mongodb+srv://"))) {
            throw new IllegalArgumentException("not a MongoDB connection string (mongodb:// or mongodb+srv://): "
                    + redact(uri));
        }
        if (database == null || database.isBlank()) {
            String fromUri = new ConnectionString(uri).getDatabase();
            database = fromUri == null || fromUri.isBlank() ? DEFAULT_DATABASE : fromUri;
        }
        if (tasksCollection == null || tasksCollection.isBlank()) {
            tasksCollection = DEFAULT_TASKS_COLLECTION;
        }
        if (!tasksCollection.matches("[A-Za-z_][A-Za-z0-9_]{0,63}")) {
            throw new IllegalArgumentException("tasks collection must be a plain name (letters, digits, _): " + tasksCollection);
        }
        if (connectTimeout == null) {
            connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        }
    }

    /** Settings with the {@link #DEFAULT_CONNECT_TIMEOUT}. */
    public MongoSettings(String uri, String database, String tasksCollection) {
        this(uri, database, tasksCollection, DEFAULT_CONNECT_TIMEOUT);
    }

    /** Settings from the Task Repository Service's environment variables; {@code MONGODB_URI} is required. */
    public static MongoSettings fromEnv(Map<String, String> env) {
        return new MongoSettings(env.get("MONGODB_URI"), env.get("MONGODB_DATABASE"), env.get("MONGODB_TASKS_COLLECTION"));
    }

    public String eventsCollection() {
        return tasksCollection + "_events";
    }

    public String resultsCollection() {
        return tasksCollection + "_results";
    }

    /** The edges of workflows (a child task waits for its parents). */
    public String dependenciesCollection() {
        return tasksCollection + "_dependencies";
    }

    public String outboxCollection() {
        return tasksCollection + "_outbox";
    }

    /** Named leases (the outbox relay's). */
    public String leasesCollection() {
        return tasksCollection + "_leases";
    }

    /** Sequence counters: the ledger's integer ids and the outbox's ids. */
    public String countersCollection() {
        return tasksCollection + "_counters";
    }

    /** Retention's archive files whose batch is deleted but whose file may not be in place yet. */
    public String archiveFilesCollection() {
        return tasksCollection + "_archive_files";
    }

    /** Values the installation keeps for good ({@code _id} = name, {@code value}). */
    public String installationCollection() {
        return tasksCollection + "_installation";
    }

    /** Recurring schedules, one document each. */
    public String schedulesCollection() {
        return tasksCollection + "_schedules";
    }

    /** The schedules' audit events. */
    public String scheduleEventsCollection() {
        return tasksCollection + "_schedule_events";
    }

    /** Concurrency and rate limits, one document per (tenant, type, key). */
    public String limitsCollection() {
        return tasksCollection + "_limits";
    }

    /** One document per tenant whose limited claims take turns (MongoLimitStore.lock). */
    public String limitLocksCollection() {
        return tasksCollection + "_limit_locks";
    }

    /** One document per applied migration version. */
    public String migrationsCollection() {
        return tasksCollection + "_migrations";
    }

    public String ledgerCollection() {
        return LEDGER_COLLECTION;
    }

    public String ledgerCountsCollection() {
        return LEDGER_COUNTS_COLLECTION;
    }

    /** The URI without user and password, for logs. */
    public String redactedUri() {
        return redact(uri);
    }

    @Override
    public String toString() {
        return "MongoSettings[uri=" + redact(uri) + ", database=" + database + ", tasksCollection=" + tasksCollection + "]";
    }

    static String redact(String uri) {
        return uri == null ? null : uri.replaceAll("(mongodb(\\+srv)?://)[^@/]*@", "$1***@");
    }
}
