package dev.taskledger.testkit;

import dev.taskledger.ledger.LedgerEntry;
import dev.taskledger.ledger.LedgerQuery;
import dev.taskledger.ledger.LedgerStatus;
import dev.taskledger.ledger.LedgerSummary;
import dev.taskledger.ledger.spi.LedgerStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code LedgerStore.summary} must answer, counted from every entry ({@code forEach}), as the summary did
 * before it read counts: per task_name (in code point order), entries per status, earliest created, latest updated,
 * the sum of retries. For the contracts and for the backends' migration tests (a backfill matches a full count).
 */
public final class LedgerFullCount {
    private LedgerFullCount() {}

    public static List<LedgerSummary> of(LedgerStore ledger, String tenant, String taskName) {
        Map<String, Acc> byName = new TreeMap<>();
        ledger.forEach(new LedgerQuery(tenant, taskName, null, null, 1, null),
                e -> byName.computeIfAbsent(e.taskName(), n -> new Acc()).add(e));
        List<LedgerSummary> out = new ArrayList<>(byName.size());
        byName.forEach((name, acc) -> out.add(new LedgerSummary(name, acc.total, acc.byStatus, acc.first, acc.last, acc.retries)));
        return out;
    }

    private static final class Acc {
        final Map<LedgerStatus, Long> byStatus = new EnumMap<>(LedgerStatus.class);
        long total;
        long retries;
        Instant first;
        Instant last;

        void add(LedgerEntry e) {
            byStatus.merge(e.status(), 1L, Long::sum);
            total++;
            retries += e.retries();
            first = first == null || e.created().isBefore(first) ? e.created() : first;
            last = last == null || e.updated().isAfter(last) ? e.updated() : last;
        }
    }
}
