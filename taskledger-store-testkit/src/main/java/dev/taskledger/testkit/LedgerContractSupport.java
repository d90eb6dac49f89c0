package dev.taskledger.testkit;

import dev.taskledger.common.Page;
import dev.taskledger.ledger.LedgerEntry;
import dev.taskledger.ledger.LedgerQuery;
import dev.taskledger.ledger.LedgerRecord;
import dev.taskledger.ledger.LedgerStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static dev.taskledger.testkit.SampleTasks.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

/** Helpers shared by the ledger contracts. */
public abstract class LedgerContractSupport extends StoreContractSupport {

    protected final LedgerEntry record(String name, String item, LedgerStatus status, String note, Instant now) {
        return record(new LedgerRecord(TENANT, name, item, status, note), now);
    }

    protected final LedgerEntry record(LedgerRecord r, Instant now) {
        return tx(tx -> tx.ledger().record(r, now));
    }

    protected final Optional<LedgerEntry> get(String tenant, String name, String item) {
        return tx(tx -> tx.ledger().get(tenant, name, item));
    }

    protected static LedgerQuery query(String name, LedgerStatus status, Instant updatedAfter, int limit, String cursor) {
        return new LedgerQuery(TENANT, name, status, updatedAfter, limit, cursor);
    }

    protected final List<LedgerEntry> allPages(LedgerQuery q) {
        List<LedgerEntry> all = new ArrayList<>();
        String cursor = null;
        for (int pages = 0; pages < 1_000; pages++) {
            String c = cursor;
            Page<LedgerEntry> p = tx(tx -> tx.ledger().list(new LedgerQuery(q.tenant(), q.taskName(), q.status(),
                    q.updatedAfter(), q.limit(), c)));
            assertThat(p.items().size()).isLessThanOrEqualTo(q.limit());
            all.addAll(p.items());
            if (p.nextCursor() == null) {
                return all;
            }
            cursor = p.nextCursor();
        }
        throw new AssertionError("more than 1000 pages: the cursor does not advance");
    }

    protected static List<String> items(List<LedgerEntry> entries) {
        return entries.stream().map(LedgerEntry::taskItem).toList();
    }
}
