package dev.taskledger.ledger;

import dev.taskledger.ledger.spi.LedgerDatabase;
import dev.taskledger.ledger.spi.LedgerStore;
import dev.taskledger.store.StoreException;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link LedgerService#reconcile}'s chunks: looked up at most two at once, answered in the order asked, failures as thrown. */
class LedgerReconcileTest {
    private static final Instant T = Instant.parse("2026-12-07T00:00:00Z");

    /** A ledger whose entries are the items ending in an even digit (ok) or in 1 (failed); items "poison" fail the lookup. */
    private static final class Items implements LedgerDatabase, LedgerStore {
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();

        @Override
        public <T> T inTransaction(Function<LedgerStore, T> work) {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                return work.apply(this);
            } finally {
                running.decrementAndGet();
            }
        }

        @Override
        public boolean transactional() {
            return false;
        }

        @Override
        public List<LedgerEntry> findItems(String tenant, String taskName, Collection<String> items) {
            List<LedgerEntry> found = new ArrayList<>();
            for (String item : items) {
                if (item.equals("poison")) {
                    throw new StoreException.Unavailable("the database went away", null);
                }
                int last = item.charAt(item.length() - 1) - '0';
                if (last % 2 == 0 || last == 1) {
                    found.add(new LedgerEntry(found.size() + 1, tenant, taskName, item, 0,
                            last == 1 ? LedgerStatus.FAIL : LedgerStatus.OK, null, T, T));
                }
            }
            return found.reversed(); // in no particular order, as a database may answer
        }

        @Override
        public LedgerEntry record(LedgerRecord record, Instant now) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void recordAll(List<LedgerRecord> records, Instant now) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<LedgerEntry> get(String tenant, String taskName, String taskItem) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<LedgerEntry> delete(String tenant, String taskName, String taskItem) {
            throw new UnsupportedOperationException();
        }

        @Override
        public LedgerPage list(LedgerQuery query) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void forEach(LedgerQuery query, Consumer<LedgerEntry> sink) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<LedgerSummary> summary(String tenant, String taskName) {
            throw new UnsupportedOperationException();
        }
    }

    private final Items items = new Items();
    private final LedgerService ledger = new LedgerService(items, Clock.fixed(T, ZoneOffset.UTC));

    @Test
    void manyChunks_areAnsweredInTheOrderAsked_atMostTwoLookupsAtOnce() {
        List<String> asked = new ArrayList<>();
        for (int i = 7 * LedgerService.CHUNK; i > 0; i--) {
            asked.add("item-" + i);
        }

        ReconcileReport report = ledger.reconcile("t", "name", asked);

        assertThat(report.expected()).isEqualTo(asked.size());
        assertThat(report.missing()).containsExactlyElementsOf(asked.stream()
                .filter(s -> "3579".indexOf(s.charAt(s.length() - 1)) >= 0).toList());
        assertThat(report.notOk()).extracting(LedgerEntry::taskItem).containsExactlyElementsOf(asked.stream()
                .filter(s -> s.endsWith("1")).toList());
        assertThat(report.ok()).isEqualTo(asked.size() - report.missing().size() - report.notOk().size());
        assertThat(items.mostAtOnce.get()).isBetween(1, LedgerService.RECONCILE_LOOKUPS_AT_ONCE);
    }

    @Test
    void aFailedLookup_failsTheReconcileWithItsOwnException() {
        List<String> asked = new ArrayList<>();
        for (int i = 0; i < 3 * LedgerService.CHUNK; i++) {
            asked.add(i == 2 * LedgerService.CHUNK + 1 ? "poison" : "item-" + i);
        }

        assertThatThrownBy(() -> ledger.reconcile("t", "name", asked)).isInstanceOf(StoreException.Unavailable.class)
                .hasMessageContaining("the database went away");
    }
}
