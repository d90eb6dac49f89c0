package dev.taskledger.store.jdbc;

import dev.taskledger.ledger.LedgerEntry;
import dev.taskledger.ledger.LedgerPage;
import dev.taskledger.ledger.LedgerQuery;
import dev.taskledger.ledger.LedgerRecord;
import dev.taskledger.ledger.LedgerStatus;
import dev.taskledger.ledger.LedgerSummary;
import dev.taskledger.ledger.Unreconciled;
import dev.taskledger.ledger.spi.LedgerStore;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** {@link LedgerStore} on SQL (the replic ledger's {@code inv_tasks}); statements in {@code /sql/<dialect>/ledger.sql}. */
final class JdbcLedgerStore implements LedgerStore {
    private final Statements<LedgerSql> sql;
    private final Dialect d;

    JdbcLedgerStore(Statements<LedgerSql> sql) {
        this.sql = sql;
        this.d = sql.dialect();
    }

    private LedgerEntry map(ResultSet rs) throws SQLException {
        return new LedgerEntry(rs.getLong("id"), rs.getString("tenant"), rs.getString("task_name"),
                rs.getString("task_item"), rs.getInt("retries"), LedgerStatus.fromDb(rs.getString("current_status")),
                d.text(rs, "note"), d.instant(rs, "created"), d.instant(rs, "updated"));
    }

    private static Params params(LedgerRecord r, Instant now) {
        return new Params().string("tenant", r.tenant()).string("task_name", r.taskName())
                .string("task_item", r.taskItem()).string("status", r.status().dbName()).text("note", r.note())
                .seconds("now", now);
    }

    @Override
    public LedgerEntry record(LedgerRecord record, Instant now) {
        if (sql.dialect().supportsReturning()) { // the upsert with RETURNING
            return sql.queryOne(LedgerSql.RECORD, params(record, now), this::map)
                    .orElseThrow(() -> new IllegalStateException("ledger upsert returned no row"));
        }
        ensureTenants(List.of(record.tenant()));
        sql.update(LedgerSql.RECORD_EACH, params(record, now)); // the upsert holds the row lock until commit
        return get(record.tenant(), record.taskName(), record.taskItem())
                .orElseThrow(() -> new IllegalStateException("ledger upsert left no row"));
    }

    /** One upsert statement for records of distinct keys where the dialect has it; else one statement each. */
    @Override
    public List<LedgerEntry> recordMany(List<LedgerRecord> records, Instant now) {
        Map<List<String>, Integer> position = new HashMap<>(records.size() * 2);
        for (int i = 0; i < records.size(); i++) {
            LedgerRecord r = records.get(i);
            position.put(identity(r.tenant(), r.taskName(), r.taskItem()), i);
        }
        // a key twice: each of its records must see the one before, so one statement each
        if (position.size() < records.size() || records.size() < 2 || !sql.dialect().supportsColumnArrays()) {
            return LedgerStore.super.recordMany(records, now);
        }
        Params p = asArrays(records).seconds("now", now);
        List<LedgerEntry> entries = new ArrayList<>(Collections.nCopies(records.size(), (LedgerEntry) null));
        for (LedgerEntry e : sql.query(LedgerSql.RECORD_MANY, p, this::map)) {
            entries.set(position.get(identity(e.tenant(), e.taskName(), e.taskItem())), e);
        }
        if (entries.contains(null)) {
            throw new IllegalStateException("the ledger upsert of " + records.size() + " records left one without a row");
        }
        return entries;
    }

    /** A ledger key as a map key (the statements' parameters for one key are {@link #key}). */
    private static List<String> identity(String tenant, String name, String item) {
        return List.of(tenant, name, item);
    }

    /** The records' fields as one column array each (PostgreSQL's unnest statements; the dialect escapes the notes). */
    private static Params asArrays(List<LedgerRecord> records) {
        List<String> tenants = new ArrayList<>(), names = new ArrayList<>(), items = new ArrayList<>(), statuses = new ArrayList<>();
        List<Params.Value> notes = new ArrayList<>();
        for (LedgerRecord r : records) {
            tenants.add(r.tenant());
            names.add(r.taskName());
            items.add(r.taskItem());
            statuses.add(r.status().dbName());
            notes.add(new Params.Text(r.note()));
        }
        return new Params().textArray("tenant", tenants).textArray("task_name", names).textArray("task_item", items)
                .textArray("status", statuses).array("note", notes);
    }

    /** A key's records within one batch, folded: how many, and the last status and note. */
    private record Folded(LedgerRecord last, int count) {}

    @Override
    public void recordAll(List<LedgerRecord> records, Instant now) {
        if (records.isEmpty()) {
            return;
        }
        if (!sql.dialect().supportsColumnArrays()) {
            ensureTenants(records.stream().map(LedgerRecord::tenant).distinct().toList());
            List<Params> rows = records.stream().map(r -> params(r, now)).toList();
            sql.batch(LedgerSql.RECORD_EACH, rows); // the same upsert as record, without RETURNING, as a JDBC batch
            return;
        }
        // One upsert statement cannot touch a row twice, so repeats of a key are folded into one row carrying
        // the count. Rows keep the order they were sent in (new entries get ids in that order); a deadlock
        // between concurrent batches is retried by JdbcStore.
        Map<List<String>, Folded> folded = new LinkedHashMap<>();
        for (LedgerRecord r : records) {
            folded.merge(identity(r.tenant(), r.taskName(), r.taskItem()), new Folded(r, 1),
                    (a, b) -> new Folded(b.last(), a.count() + b.count()));
        }
        List<LedgerRecord> lasts = new ArrayList<>(folded.size());
        List<String> extra = new ArrayList<>(folded.size());
        for (Folded f : folded.values()) {
            lasts.add(f.last());
            extra.add(Integer.toString(f.count() - 1));
        }
        Params p = asArrays(lasts).textArray("extra", extra).seconds("now", now);
        // Most batches record new items (a run's first pass): try the plain insert, and upsert when a key exists.
        if (sql.dialect().supportsColumnArrays() && sql.updateUnlessDuplicate(LedgerSql.RECORD_ALL_NEW, p)) {
            return;
        }
        sql.update(LedgerSql.RECORD_ALL, p);
    }

    /** Where the tenant is a key into a table of tenants (MySQL), make sure the tenant's row exists. */
    private void ensureTenants(List<String> tenants) {
        if (sql.dialect().hasLedgerTenantTable()) {
            tenants.forEach(t -> sql.update(LedgerSql.ENSURE_TENANT, new Params().string("tenant", t)));
        }
    }

    private static Params key(String tenant, String name, String item) {
        return new Params().string("tenant", tenant).string("task_name", name).string("task_item", item);
    }

    @Override
    public Optional<LedgerEntry> get(String tenant, String taskName, String taskItem) {
        return sql.queryOne(LedgerSql.GET, key(tenant, taskName, taskItem), this::map);
    }

    @Override
    public Optional<LedgerEntry> delete(String tenant, String taskName, String taskItem) {
        Optional<LedgerEntry> entry = sql.queryOne(LedgerSql.GET_FOR_UPDATE, key(tenant, taskName, taskItem), this::map);
        entry.ifPresent(e -> sql.update(LedgerSql.DELETE, new Params().longValue("id", e.id())));
        return entry;
    }

    private static Params filter(LedgerQuery q) {
        return new Params().string("tenant", q.tenant()).string("task_name", q.taskName())
                .string("status", q.status() == null ? null : q.status().dbName())
                .seconds("updated_after", q.updatedAfter());
    }

    @Override
    public LedgerPage list(LedgerQuery q) {
        List<LedgerEntry> rows = sql.query(LedgerSql.LIST, filter(q).longValue("after_id", q.afterId()).integer("limit", q.limit() + 1),
                this::map);
        return rows.size() <= q.limit() ? new LedgerPage(rows, false) : new LedgerPage(rows.subList(0, q.limit()), true);
    }

    @Override
    public void forEach(LedgerQuery q, Consumer<LedgerEntry> sink) {
        sql.stream(LedgerSql.LIST_ALL, filter(q), 500, rs -> sink.accept(map(rs)));
    }

    /**
     * From the counts the triggers keep ({@code ledger_counts}, see the dialect's ledger_counts migration): one row per
     * (task_name, status), already added up over its slots. A status whose count is 0 has no entries and is left out,
     * and so is a name with none; the name's first and last attempt are the bounds over all its rows.
     */
    @Override
    public List<LedgerSummary> summary(String tenant, String taskName) {
        Map<String, SummaryBuilder> byName = new LinkedHashMap<>();
        sql.stream(LedgerSql.SUMMARY, new Params().string("tenant", tenant).string("task_name", taskName), 0, rs -> {
            SummaryBuilder b = byName.computeIfAbsent(rs.getString("task_name"), SummaryBuilder::new);
            b.add(LedgerStatus.fromDb(rs.getString("current_status")), rs.getLong("n"),
                    d.instant(rs, "first_attempt"), d.instant(rs, "last_attempt"), rs.getLong("retries"));
        });
        return byName.values().stream().filter(b -> b.total > 0).map(SummaryBuilder::build).toList();
    }

    private static final class SummaryBuilder {
        private final String name;
        private final Map<LedgerStatus, Long> byStatus = new EnumMap<>(LedgerStatus.class);
        private long total;
        private long retries;
        private Instant first;
        private Instant last;

        SummaryBuilder(String name) {
            this.name = name;
        }

        /** One status's row; its bounds count even when it has no entries (another status's entry set them). */
        void add(LedgerStatus status, long n, Instant firstAttempt, Instant lastAttempt, long retrySum) {
            if (n != 0) {
                byStatus.put(status, n);
            }
            total += n;
            retries += retrySum;
            first = first == null || firstAttempt != null && firstAttempt.isBefore(first) ? firstAttempt : first;
            last = last == null || lastAttempt != null && lastAttempt.isAfter(last) ? lastAttempt : last;
        }

        LedgerSummary build() {
            return new LedgerSummary(name, total, byStatus, first, last, retries);
        }
    }

    @Override
    public List<LedgerEntry> findItems(String tenant, String taskName, Collection<String> items) {
        if (items.isEmpty()) {
            return List.of();
        }
        Params p = new Params().string("tenant", tenant).string("task_name", taskName).textArray("items", List.copyOf(items));
        return sql.query(LedgerSql.FIND_ITEMS, p, this::map);
    }

    @Override
    public Unreconciled unreconciled(String tenant, String taskName, List<String> items) {
        if (items.isEmpty() || !d.supportsColumnArrays()) {
            return LedgerStore.super.unreconciled(tenant, taskName, items);
        }
        List<String> missing = new ArrayList<>();
        List<LedgerEntry> notOk = new ArrayList<>();
        Params p = new Params().string("tenant", tenant).string("task_name", taskName).textArray("items", items);
        sql.stream(LedgerSql.UNRECONCILED, p, 0, rs -> {
            if (rs.getObject("id") == null) {
                missing.add(rs.getString("asked_item"));
            } else {
                notOk.add(map(rs));
            }
        });
        return new Unreconciled(missing, notOk);
    }
}
