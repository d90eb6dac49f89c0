package dev.taskledger.ledger.spi;

import dev.taskledger.ledger.LedgerEntry;
import dev.taskledger.ledger.LedgerPage;
import dev.taskledger.ledger.LedgerQuery;
import dev.taskledger.ledger.LedgerRecord;
import dev.taskledger.ledger.LedgerStatus;
import dev.taskledger.ledger.LedgerSummary;
import dev.taskledger.ledger.Unreconciled;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** The {@code inv_tasks} table of the replic ledger. */
public interface LedgerStore {

    /**
     * The replic ledger's upsert, atomically: with no entry for (tenant, name, item), inserts one with
     * {@code retries = 0}, {@code created = updated = now}; otherwise sets {@code retries = retries + 1},
     * {@code current_status} and {@code note} to the record's (null note clears it) and {@code updated = now},
     * leaving {@code id} and {@code created} unchanged. Concurrent records of one key never lose an increment.
     *
     * @return the entry as stored after the upsert
     */
    LedgerEntry record(LedgerRecord record, Instant now);

    /**
     * {@link #record} for each of {@code records} in order, in one go where the store can: the answer holds the
     * entry after each record, in the same order (a key repeated in the list counts each time).
     */
    default List<LedgerEntry> recordMany(List<LedgerRecord> records, Instant now) {
        List<LedgerEntry> entries = new ArrayList<>(records.size());
        for (LedgerRecord r : records) {
            entries.add(record(r, now));
        }
        return entries;
    }

    /** The same upsert for many records, in order (a key repeated in the batch counts each time). */
    void recordAll(List<LedgerRecord> records, Instant now);

    Optional<LedgerEntry> get(String tenant, String taskName, String taskItem);

    /** Deletes the entry and returns it as it was; empty when there was none. */
    Optional<LedgerEntry> delete(String tenant, String taskName, String taskItem);

    /** Up to {@code query.limit()} entries after {@code query.afterId()}, in id order, and whether more follow. */
    LedgerPage list(LedgerQuery query);

    /** Every entry matching the query (limit and afterId ignored), in id order, without holding them all in memory. */
    void forEach(LedgerQuery query, Consumer<LedgerEntry> sink);

    /** One summary per task_name of the tenant (only {@code taskName} when it is non-null), by task_name. */
    List<LedgerSummary> summary(String tenant, String taskName);

    /** The entries of (tenant, taskName) whose item is among {@code items} (at most 5,000 items a call). */
    List<LedgerEntry> findItems(String tenant, String taskName, Collection<String> items);

    /**
     * Of {@code items} (distinct, at most 5,000 a call): those with no entry of (tenant, taskName) and the entries
     * that are not ok, in the order of {@code items}. A store that can should answer only those rows from the
     * database (most items of a reconcile are ok); this default reads every entry with {@link #findItems}.
     */
    default Unreconciled unreconciled(String tenant, String taskName, List<String> items) {
        Map<String, LedgerEntry> found = new HashMap<>(items.size() * 2);
        for (LedgerEntry e : findItems(tenant, taskName, items)) {
            found.put(e.taskItem(), e);
        }
        List<String> missing = new ArrayList<>();
        List<LedgerEntry> notOk = new ArrayList<>();
        for (String item : items) {
            LedgerEntry entry = found.get(item);
            if (entry == null) {
                missing.add(item);
            } else if (entry.status() != LedgerStatus.OK) {
                notOk.add(entry);
            }
        }
        return new Unreconciled(missing, notOk);
    }
}
