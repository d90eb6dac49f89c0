package dev.taskledger.ledger;

import dev.taskledger.common.GroupCommit;
import dev.taskledger.common.ServiceException;
import dev.taskledger.common.Text;
import dev.taskledger.common.Timestamps;
import dev.taskledger.ledger.spi.LedgerDatabase;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The ledger of one-off work (the replic ledger's design): record outcomes per (task_name, task_item), look them up, and answer
 * "what failed, what was missed?". Times are whole seconds, as in the replic ledger's MySQL TIMESTAMP columns.
 */
public final class LedgerService {
    public static final int MAX_NAME_LENGTH = 255;
    public static final int MAX_ITEM_LENGTH = 511;
    public static final int CHUNK = 5_000;
    public static final int MAX_RECONCILE_ITEMS = 1_000_000;
    /** Chunks of a reconcile looked up at once, each on a connection of its own. */
    static final int RECONCILE_LOOKUPS_AT_ONCE = 2;
    public static final int MAX_LIST = 1_000;
    /** Single records of concurrent callers share a transaction, up to this many (see {@link GroupCommit}). */
    static final int MAX_GROUP = 64;
    /** Group transactions running at once: the database works on one while the next one fills. */
    static final int MAX_RUNNING_GROUPS = 2;

    private final LedgerDatabase database;
    private final Clock clock;
    /** How {@link #record} writes: grouped with concurrent callers' records, or in a transaction of its own. */
    private final Function<LedgerRecord, LedgerEntry> singleRecords;
    /**
     * The batch upserts of concurrent callers run one at a time in this server (their commits still overlap).
     * Every batch inserts at the same end of inv_tasks' indexes on id, updated, task_name and status, so two at
     * once mostly wait for each other's page locks: on PostgreSQL that cost the database 1.6 times the CPU per
     * record, for fewer records per second. One at a time, one caller's parsing, commit and answer overlap
     * another's upsert. Fair: chunks take turns.
     */
    private final ReentrantLock batchWrites = new ReentrantLock(true);

    public LedgerService(LedgerDatabase database, Clock clock) {
        this.database = database;
        this.clock = clock;
        if (database.transactional()) {
            GroupCommit<LedgerRecord, LedgerEntry> groups = new GroupCommit<>(MAX_GROUP, MAX_RUNNING_GROUPS, true,
                    records -> database.inTransaction(ledger -> ledger.recordMany(records, now())));
            this.singleRecords = groups::run;
        } else {
            // MongoDB cannot roll a group back, so there every record is its own write (as it always was)
            this.singleRecords = record -> database.inTransaction(ledger -> ledger.record(record, now()));
        }
    }

    /**
     * Validates raw field values into a record: name and item are required (400 when missing or empty),
     * status is one of the five values in any case (absent or empty = unknown, anything else 400), an empty
     * note is no note. Every field must be well-formed Unicode ({@link Text}, 422).
     */
    public static LedgerRecord validate(String tenant, String name, String item, String status, String note, String where) {
        Text.requireWellFormed(where + "task_name", name);
        Text.requireWellFormed(where + "task_item", item);
        Text.requireWellFormed(where + "status", status);
        Text.requireWellFormed(where + "note", note);
        if (name == null || name.isEmpty()) {
            throw ServiceException.badRequest(where + "task_name (form field 'name') is required");
        }
        if (item == null || item.isEmpty()) {
            throw ServiceException.badRequest(where + "task_item (form field 'item') is required");
        }
        requireLength(where + "task_name", name, MAX_NAME_LENGTH);
        requireLength(where + "task_item", item, MAX_ITEM_LENGTH);
        LedgerStatus parsed = status == null || status.isEmpty() ? LedgerStatus.UNKNOWN
                : LedgerStatus.parse(status).orElseThrow(() -> ServiceException.badRequest(where + "status '" + status
                        + "' is not one of ok, fail, pending, partial, unknown"));
        return new LedgerRecord(tenant, name, item, parsed, note == null || note.isEmpty() ? null : note);
    }

    private static void requireLength(String field, String value, int max) {
        if (value.codePointCount(0, value.length()) > max) {
            throw ServiceException.invalid(field + " is longer than " + max + " characters");
        }
        if (value.indexOf('\0') >= 0) {
            throw ServiceException.invalid(field + " must not contain the NUL character");
        }
    }

    /**
     * Records one outcome and answers the entry after it, once committed. Records arriving together from
     * concurrent callers are committed together ({@link GroupCommit}) where the database's transactions roll back:
     * fewer commits, the same answer.
     */
    public LedgerEntry record(LedgerRecord record) {
        return singleRecords.apply(record);
    }

    /** Records many entries in transactions of {@link #CHUNK}; returns how many were recorded. */
    public int recordAll(List<LedgerRecord> records) {
        for (int start = 0; start < records.size(); start += CHUNK) {
            List<LedgerRecord> chunk = records.subList(start, Math.min(records.size(), start + CHUNK));
            database.inTransaction(ledger -> {
                batchWrites.lock();
                try {
                    ledger.recordAll(chunk, now());
                } finally {
                    batchWrites.unlock();
                }
                return null;
            });
        }
        return records.size();
    }

    public Optional<LedgerEntry> get(String tenant, String name, String item) {
        return database.inTransaction(ledger -> ledger.get(tenant, name, item));
    }

    public Optional<LedgerEntry> delete(String tenant, String name, String item) {
        return database.inTransaction(ledger -> ledger.delete(tenant, name, item));
    }

    public LedgerPage list(LedgerQuery query) {
        if (query.limit() < 1 || query.limit() > MAX_LIST) {
            throw ServiceException.invalid("limit must be between 1 and " + MAX_LIST);
        }
        Timestamps.requireInRange("updated_after", query.updatedAfter());
        return database.inTransaction(ledger -> ledger.list(query));
    }

    public List<LedgerSummary> summary(String tenant, String taskName) {
        return database.inTransaction(ledger -> ledger.summary(tenant, taskName));
    }

    /**
     * Which of {@code expectedItems} have no entry under {@code taskName}, and which are not {@code ok}. The items are
     * looked up in chunks of {@link #CHUNK}, {@link #RECONCILE_LOOKUPS_AT_ONCE} chunks at a time, each in a transaction
     * of its own (a reconcile of 1,000,000 items holds no connection for its whole time).
     */
    public ReconcileReport reconcile(String tenant, String taskName, List<String> expectedItems) {
        if (taskName == null || taskName.isEmpty()) {
            throw ServiceException.badRequest("task_name is required");
        }
        Text.requireWellFormed("task_name", taskName);
        if (expectedItems.size() > MAX_RECONCILE_ITEMS) {
            throw ServiceException.invalid("at most " + MAX_RECONCILE_ITEMS + " items can be reconciled at once");
        }
        List<String> items = new ArrayList<>(new LinkedHashSet<>(expectedItems));
        for (int i = 0; i < items.size(); i++) {
            String item = items.get(i);
            if (item == null || item.indexOf('\0') >= 0) {
                throw ServiceException.invalid("item " + (i + 1) + " is null or contains the NUL character;"
                        + " no ledger entry can have such an item");
            }
            if (Text.firstUnpairedSurrogate(item) >= 0) { // the field's name is built only for the error
                Text.requireWellFormed("item " + (i + 1), item);
            }
        }
        List<String> missing = new ArrayList<>();
        List<LedgerEntry> notOk = new ArrayList<>();
        Function<List<String>, Unreconciled> lookUp = chunk -> database.inTransaction(
                ledger -> ledger.unreconciled(tenant, taskName, chunk));
        for (Unreconciled found : lookUpInChunks(items, lookUp)) {
            missing.addAll(found.missing());
            notOk.addAll(found.notOk());
        }
        int ok = items.size() - missing.size() - notOk.size();
        return new ReconcileReport(taskName, items.size(), ok, missing, notOk);
    }

    /**
     * {@code lookUp} of each chunk of {@code items}, in order; up to {@link #RECONCILE_LOOKUPS_AT_ONCE} run at once
     * (on virtual threads), as the database spends most of a large reconcile's time in index lookups that one
     * connection does on one core.
     */
    private static <T> List<T> lookUpInChunks(List<String> items, Function<List<String>, T> lookUp) {
        Semaphore slots = new Semaphore(RECONCILE_LOOKUPS_AT_ONCE);
        List<Future<T>> parts = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int start = 0; start < items.size(); start += CHUNK) {
                List<String> chunk = items.subList(start, Math.min(items.size(), start + CHUNK));
                parts.add(threads.submit(() -> {
                    slots.acquire();
                    try {
                        return lookUp.apply(chunk);
                    } finally {
                        slots.release();
                    }
                }));
            }
            List<T> results = new ArrayList<>(parts.size());
            for (Future<T> part : parts) {
                results.add(resultOf(part, parts));
            }
            return results;
        }
    }

    /** The part's result; when it failed, the other parts are cancelled and its exception is thrown here. */
    private static <T> T resultOf(Future<T> part, List<Future<T>> all) {
        try {
            return part.get();
        } catch (ExecutionException e) {
            all.forEach(f -> f.cancel(true));
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            all.forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reconciling", e);
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }
}
