package dev.taskledger.testkit;

import dev.taskledger.ledger.LedgerRecord;
import dev.taskledger.ledger.LedgerService;
import dev.taskledger.ledger.LedgerStatus;
import dev.taskledger.ledger.LedgerSummary;
import dev.taskledger.ledger.spi.LedgerStore;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static dev.taskledger.testkit.SampleTasks.L0;
import static dev.taskledger.testkit.SampleTasks.OTHER_TENANT;
import static dev.taskledger.testkit.SampleTasks.TENANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code LedgerStore.summary} answers from counts the store keeps as entries change: after every kind of write
 * (single records, group commits, batches, re-records that change the status, deletes, a clock going back, rolled
 * back transactions, concurrent writers of one task_name) it equals a full count of the entries
 * ({@link LedgerFullCount}), first and last attempt included.
 */
public abstract class LedgerSummaryContract extends LedgerContractSupport {
    private static final LedgerStatus[] STATUSES = LedgerStatus.values();

    private List<LedgerSummary> summary(String tenant, String name) {
        return inLedger(ledger -> ledger.summary(tenant, name));
    }

    /** The summary of every name and of each name alone, of both tenants, equals a full count. */
    private void assertMatchesAFullCount() {
        for (String tenant : List.of(TENANT, OTHER_TENANT)) {
            List<LedgerSummary> expected = inLedger(ledger -> LedgerFullCount.of(ledger, tenant, null));
            assertThat(summary(tenant, null)).as("the summary of tenant %s", tenant).isEqualTo(expected);
            for (LedgerSummary name : expected) {
                assertThat(summary(tenant, name.taskName())).as("the summary of %s", name.taskName()).containsExactly(name);
            }
        }
    }

    private void delete(String name, String item) {
        assertThat(inLedger((LedgerStore ledger) -> ledger.delete(TENANT, name, item))).as("deleted %s/%s", name, item).isPresent();
    }

    @Test
    public void singleRecords_andReRecordsChangingTheStatus_areCounted() {
        record("alpha", "1", LedgerStatus.FAIL, null, L0);
        record("alpha", "2", LedgerStatus.FAIL, null, L0.plusSeconds(10));
        record("alpha", "1", LedgerStatus.PARTIAL, "half", L0.plusSeconds(20)); // fail -> partial
        record("alpha", "1", LedgerStatus.OK, null, L0.plusSeconds(30)); // partial -> ok
        record("alpha", "2", LedgerStatus.FAIL, "again", L0.plusSeconds(40)); // fail -> fail: retries only
        record("beta", "1", LedgerStatus.UNKNOWN, null, L0.plusSeconds(5));
        record(new LedgerRecord(OTHER_TENANT, "alpha", "1", LedgerStatus.PENDING, null), L0.plusSeconds(99));

        assertThat(summary(TENANT, "alpha")).containsExactly(new LedgerSummary("alpha", 2,
                Map.of(LedgerStatus.OK, 1L, LedgerStatus.FAIL, 1L), L0, L0.plusSeconds(40), 3));
        assertMatchesAFullCount();
    }

    @Test
    public void groupCommits_andBatches_withRepeatedAndExistingKeys_areCounted() {
        record("batch", "old", LedgerStatus.FAIL, null, L0);
        inLedger(ledger -> ledger.recordMany(List.of(new LedgerRecord(TENANT, "batch", "a", LedgerStatus.OK, null),
                new LedgerRecord(TENANT, "batch", "old", LedgerStatus.PENDING, null),
                new LedgerRecord(TENANT, "other", "a", LedgerStatus.FAIL, null)), L0.plusSeconds(1)));
        inLedger(ledger -> ledger.recordMany(List.of(new LedgerRecord(TENANT, "batch", "b", LedgerStatus.OK, null),
                new LedgerRecord(TENANT, "batch", "b", LedgerStatus.FAIL, null)), L0.plusSeconds(2))); // a key twice
        List<LedgerRecord> fresh = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            fresh.add(new LedgerRecord(TENANT, "batch", "n" + i, STATUSES[i % STATUSES.length], null));
        }
        runInLedger(ledger -> ledger.recordAll(fresh, L0.plusSeconds(3))); // all new: the plain insert where there is one
        assertMatchesAFullCount();

        List<LedgerRecord> again = new ArrayList<>();
        for (int i = 0; i < 300; i += 2) { // existing keys, repeated, statuses changed, mixed with new keys
            again.add(new LedgerRecord(TENANT, "batch", "n" + i, STATUSES[(i + 1) % STATUSES.length], null));
            again.add(new LedgerRecord(TENANT, "batch", "n" + i, STATUSES[(i + 2) % STATUSES.length], "twice"));
            again.add(new LedgerRecord(TENANT, "batch", "m" + i, LedgerStatus.OK, null));
        }
        again.add(new LedgerRecord(OTHER_TENANT, "batch", "n0", LedgerStatus.OK, null));
        runInLedger(ledger -> ledger.recordAll(again, L0.plusSeconds(4)));

        LedgerSummary batch = summary(TENANT, "batch").getFirst();
        assertThat(batch.total()).isEqualTo(3 + 300 + 150);
        assertThat(batch.totalRetries()).isEqualTo(1 + 1 + 2 * 150);
        assertMatchesAFullCount();
    }

    @Test
    public void deletes_takeEntriesOut_andMoveTheBoundsTheyHeld() {
        record("d", "first", LedgerStatus.FAIL, null, L0);
        record("d", "a", LedgerStatus.OK, null, L0.plusSeconds(10));
        record("d", "b", LedgerStatus.OK, null, L0.plusSeconds(10));
        record("d", "c", LedgerStatus.PENDING, null, L0.plusSeconds(20));
        record("d", "last", LedgerStatus.FAIL, null, L0.plusSeconds(30));
        record("d", "a", LedgerStatus.PARTIAL, null, L0.plusSeconds(40)); // a: created 10, updated 40 (the last)

        delete("d", "c"); // inside both bounds
        assertMatchesAFullCount();
        delete("d", "first"); // held the first attempt alone: it moves to 10
        assertThat(summary(TENANT, "d").getFirst().firstAttempt()).isEqualTo(L0.plusSeconds(10));
        assertMatchesAFullCount();
        delete("d", "a"); // held the last attempt (40) alone: it moves to 30; b still holds the first (10)
        assertThat(summary(TENANT, "d").getFirst()).extracting(LedgerSummary::firstAttempt, LedgerSummary::lastAttempt)
                .containsExactly(L0.plusSeconds(10), L0.plusSeconds(30));
        assertMatchesAFullCount();
        delete("d", "b");
        delete("d", "last");
        assertThat(summary(TENANT, "d")).as("a name without entries is not listed").isEmpty();
        assertThat(summary(TENANT, null)).isEmpty();

        record("d", "first", LedgerStatus.OK, null, L0.plusSeconds(50)); // starts over
        assertThat(summary(TENANT, "d")).containsExactly(new LedgerSummary("d", 1, Map.of(LedgerStatus.OK, 1L),
                L0.plusSeconds(50), L0.plusSeconds(50), 0));
        assertMatchesAFullCount();
    }

    @Test
    public void aReRecordWithAClockBehind_movesTheLastAttemptBack_whenNoOtherEntryHoldsIt() {
        record("skew", "a", LedgerStatus.OK, null, L0);
        record("skew", "b", LedgerStatus.OK, null, L0.plusSeconds(100));

        record("skew", "b", LedgerStatus.FAIL, null, L0.plusSeconds(60)); // another node's clock, 40 s behind

        assertThat(summary(TENANT, "skew").getFirst().lastAttempt()).isEqualTo(L0.plusSeconds(60));
        runInLedger(ledger -> ledger.recordAll(List.of(new LedgerRecord(TENANT, "skew", "b", LedgerStatus.OK, null)),
                L0.plusSeconds(30)));
        assertThat(summary(TENANT, "skew").getFirst().lastAttempt()).isEqualTo(L0.plusSeconds(30));
        assertMatchesAFullCount();
    }

    @Test
    public void aRolledBackTransaction_leavesTheCountsAsTheyWere() {
        assumeTrue(store.ledger().transactional(), capabilities().name() + "'s ledger has no multi-row transactions");
        record("r", "kept", LedgerStatus.OK, null, L0);
        List<LedgerSummary> before = summary(TENANT, null);

        assertThatThrownBy(() -> inLedger(ledger -> {
            ledger.record(new LedgerRecord(TENANT, "r", "kept", LedgerStatus.FAIL, null), L0.plusSeconds(5));
            ledger.recordAll(List.of(new LedgerRecord(TENANT, "r", "new", LedgerStatus.FAIL, null)), L0.plusSeconds(5));
            ledger.delete(TENANT, "r", "kept");
            throw new IllegalStateException("no");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(summary(TENANT, null)).isEqualTo(before);
    }

    /**
     * Writers of one task_name at once (single records, group commits through the service, batches, deletes, status
     * changes) lose no count: the counts of a name are spread over rows, and none of them may miss a change.
     */
    @Test
    public void concurrentWritersOfOneTaskName_loseNoCount() throws Exception {
        int threads = 8;
        int rounds = 25;
        LedgerService service = new LedgerService(store.ledger(), Clock.fixed(L0.plusSeconds(7), ZoneOffset.UTC));
        List<Throwable> errors = Races.race(threads, thread -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            for (int round = 0; round < rounds; round++) {
                String own = "own-" + thread + "-" + round;
                String item = "item-" + (10 + random.nextInt(50)); // shared: inserts, re-records, deletes race
                LedgerStatus status = STATUSES[random.nextInt(STATUSES.length)];
                switch (random.nextInt(5)) {
                    case 0 -> inLedger(ledger -> ledger.record(new LedgerRecord(TENANT, "hot", item, status, null),
                            L0.plusSeconds(random.nextInt(50))));
                    case 1 -> service.record(new LedgerRecord(TENANT, "hot", item, status, null));
                    case 2 -> {
                        // distinct items in one order, as two batches over the same items in different orders
                        // deadlock on the entries themselves (retried, but not without end), counts or not
                        java.util.SortedSet<String> items = new java.util.TreeSet<>();
                        while (items.size() < 20) {
                            items.add("item-" + (10 + random.nextInt(50)));
                        }
                        List<LedgerRecord> batch = new ArrayList<>();
                        for (String i : items) {
                            batch.add(new LedgerRecord(TENANT, "hot", i, STATUSES[random.nextInt(STATUSES.length)], null));
                        }
                        runInLedger(ledger -> ledger.recordAll(batch, L0.plusSeconds(random.nextInt(50))));
                    }
                    case 3 -> inLedger(ledger -> ledger.delete(TENANT, "hot", item));
                    default -> inLedger(ledger -> ledger.record(new LedgerRecord(TENANT, "hot", own, status, null), L0.plusSeconds(random.nextInt(50))));
                }
            }
        });

        assertThat(errors).isEmpty();
        assertMatchesAFullCount();
    }
}
