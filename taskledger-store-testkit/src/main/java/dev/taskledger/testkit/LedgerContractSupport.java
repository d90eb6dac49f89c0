package dev.taskledger.testkit;

import dev.taskledger.ledger.LedgerEntry;
import dev.taskledger.ledger.LedgerPage;
import dev.taskledger.ledger.LedgerQuery;
import dev.taskledger.ledger.LedgerRecord;
import dev.taskledger.ledger.LedgerStatus;
import dev.taskledger.ledger.spi.LedgerDatabase;
import dev.taskledger.ledger.spi.LedgerStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

import static dev.taskledger.testkit.SampleTasks.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

/** Helpers shared by the ledger contracts, which run against the ledger's own SPI ({@link LedgerDatabase}). */
public abstract class LedgerContractSupport extends StoreContractSupport {

    /** Runs {@code work} in one transaction of the test's ledger database. */
    protected final <T> T inLedger(Function<LedgerStore, T> work) {
        return store.ledger().inTransaction(work);
    }

    /** Runs {@code work} in one transaction of the test's ledger database, for work without a result. */
    protected final void runInLedger(Consumer<LedgerStore> work) {
        store.ledger().inTransaction(ledger -> {
            work.accept(ledger);
            return null;
        });
    }

    protected final LedgerEntry record(String name, String item, LedgerStatus status, String note, Instant now) {
        return record(new LedgerRecord(TENANT, name, item, status, note), now);
    }

    protected final LedgerEntry record(LedgerRecord r, Instant now) {
        return inLedger(ledger -> ledger.record(r, now));
    }

    protected final Optional<LedgerEntry> get(String tenant, String name, String item) {
        return inLedger(ledger -> ledger.get(tenant, name, item));
    }

    protected static LedgerQuery query(String name, LedgerStatus status, Instant updatedAfter, int limit, Long afterId) {
        return new LedgerQuery(TENANT, name, status, updatedAfter, limit, afterId);
    }

    protected final List<LedgerEntry> allPages(LedgerQuery q) {
        List<LedgerEntry> all = new ArrayList<>();
        Long after = null;
        for (int pages = 0; pages < 1_000; pages++) {
            Long a = after;
            LedgerPage p = inLedger(ledger -> ledger.list(new LedgerQuery(q.tenant(), q.taskName(), q.status(),
                    q.updatedAfter(), q.limit(), a)));
            assertThat(p.items().size()).isLessThanOrEqualTo(q.limit());
            all.addAll(p.items());
            if (p.nextAfterId() == null) {
                return all;
            }
            after = p.nextAfterId();
        }
        throw new AssertionError("more than 1000 pages: the listing does not advance");
    }

    protected static List<String> items(List<LedgerEntry> entries) {
        return entries.stream().map(LedgerEntry::taskItem).toList();
    }
}
