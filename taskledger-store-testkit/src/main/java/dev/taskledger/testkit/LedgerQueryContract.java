package dev.taskledger.testkit;

import dev.taskledger.ledger.LedgerEntry;
import dev.taskledger.ledger.LedgerPage;
import dev.taskledger.ledger.LedgerRecord;
import dev.taskledger.ledger.LedgerStatus;
import dev.taskledger.ledger.LedgerSummary;
import dev.taskledger.ledger.Unreconciled;
import dev.taskledger.ledger.spi.LedgerStore;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static dev.taskledger.testkit.SampleTasks.L0;
import static dev.taskledger.testkit.SampleTasks.OTHER_TENANT;
import static dev.taskledger.testkit.SampleTasks.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code LedgerStore} reads: list with filters and cursor, forEach streaming, summary per task_name, findItems, unreconciled. */
public abstract class LedgerQueryContract extends LedgerContractSupport {

    @Test
    public void list_filtersByNameStatusAndUpdatedAfter_inIdOrder_thisTenantOnly() {
        record("a", "1", LedgerStatus.OK, null, L0);
        record("a", "2", LedgerStatus.FAIL, null, L0);
        record("b", "3", LedgerStatus.FAIL, null, L0);
        record("a", "4", LedgerStatus.FAIL, null, L0);
        record(new LedgerRecord(OTHER_TENANT, "a", "5", LedgerStatus.FAIL, null), L0);
        record("a", "1", LedgerStatus.FAIL, "again", L0.plusSeconds(100));

        assertThat(items(inLedger(ledger -> ledger.list(query(null, null, null, 100, null))).items()))
                .containsExactly("1", "2", "3", "4");
        assertThat(items(inLedger(ledger -> ledger.list(query("a", null, null, 100, null))).items())).containsExactly("1", "2", "4");
        assertThat(items(inLedger(ledger -> ledger.list(query("a", LedgerStatus.FAIL, null, 100, null))).items()))
                .containsExactly("1", "2", "4");
        assertThat(items(inLedger(ledger -> ledger.list(query(null, LedgerStatus.OK, null, 100, null))).items())).isEmpty();
        assertThat(items(inLedger(ledger -> ledger.list(query(null, null, L0.plusSeconds(50), 100, null))).items()))
                .containsExactly("1");
    }

    @Test
    public void list_pagedByAfterId_yieldsEveryEntryOnceInIdOrder() {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            String item = "item-" + (char) ('z' - i); // items sort opposite to ids: the order must be by id
            record(i % 2 == 0 ? "even" : "odd", item, i % 3 == 0 ? LedgerStatus.OK : LedgerStatus.FAIL, null, L0);
            expected.add(item);
        }

        assertThat(items(allPages(query(null, null, null, 7, null)))).containsExactlyElementsOf(expected);
        assertThat(items(allPages(query("even", LedgerStatus.FAIL, null, 3, null)))).containsExactlyElementsOf(
                expected.stream().filter(s -> expected.indexOf(s) % 2 == 0 && expected.indexOf(s) % 3 != 0).toList());
    }

    @Test
    public void list_lastPage_hasNoNextPage_andNoMatchIsEmpty() {
        record("a", "1", LedgerStatus.OK, null, L0);

        LedgerPage p = inLedger(ledger -> ledger.list(query(null, null, null, 10, null)));
        LedgerPage none = inLedger(ledger -> ledger.list(query("zzz", null, null, 10, null)));

        assertThat(p.nextAfterId()).isNull();
        assertThat(none.items()).isEmpty();
        assertThat(none.nextAfterId()).isNull();
    }

    @Test
    public void forEach_streamsEveryMatchingEntryInIdOrder_ignoringLimitAndAfterId() {
        List<LedgerRecord> batch = new ArrayList<>();
        for (int i = 0; i < 1_500; i++) {
            batch.add(new LedgerRecord(TENANT, i % 5 == 0 ? "other" : "bulk", "i" + (99_999 - i),
                    i % 2 == 0 ? LedgerStatus.OK : LedgerStatus.FAIL, null));
        }
        batch.add(new LedgerRecord(OTHER_TENANT, "bulk", "foreign", LedgerStatus.OK, null));
        runInLedger(ledger -> ledger.recordAll(batch, L0));
        List<String> expected = batch.stream().filter(r -> r.tenant().equals(TENANT) && r.taskName().equals("bulk"))
                .map(LedgerRecord::taskItem).toList();

        List<LedgerEntry> seen = new ArrayList<>();
        runInLedger(ledger -> ledger.forEach(query("bulk", null, null, 10, Long.MAX_VALUE), seen::add));

        assertThat(items(seen)).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(seen).extracting(LedgerEntry::id).isSorted().doesNotHaveDuplicates();
        assertThat(seen).isEqualTo(allPages(query("bulk", null, null, 1_000, null)));
    }

    @Test
    public void forEach_appliesStatusAndUpdatedAfterFilters() {
        record("n", "old-ok", LedgerStatus.OK, null, L0);
        record("n", "old-fail", LedgerStatus.FAIL, null, L0);
        record("n", "new-fail", LedgerStatus.FAIL, null, L0.plusSeconds(100));
        record("n", "old-fail", LedgerStatus.FAIL, "again", L0.plusSeconds(100));

        List<LedgerEntry> seen = new ArrayList<>();
        runInLedger(ledger -> ledger.forEach(query("n", LedgerStatus.FAIL, L0.plusSeconds(50), 1, null), seen::add));

        assertThat(items(seen)).containsExactly("old-fail", "new-fail");
    }

    @Test
    public void summary_perTaskName_countsStatusesAttemptsAndRetries() {
        record("alpha", "1", LedgerStatus.FAIL, null, L0);
        record("alpha", "2", LedgerStatus.FAIL, null, L0.plusSeconds(10));
        record("beta", "1", LedgerStatus.PARTIAL, null, L0.plusSeconds(5));
        record("alpha", "3", LedgerStatus.PENDING, null, L0.plusSeconds(20));
        record("alpha", "1", LedgerStatus.OK, null, L0.plusSeconds(60));
        record("alpha", "1", LedgerStatus.OK, null, L0.plusSeconds(61));
        record(new LedgerRecord(OTHER_TENANT, "alpha", "9", LedgerStatus.OK, null), L0.plusSeconds(999));

        List<LedgerSummary> all = inLedger(ledger -> ledger.summary(TENANT, null));
        List<LedgerSummary> beta = inLedger(ledger -> ledger.summary(TENANT, "beta"));

        assertThat(all).extracting(LedgerSummary::taskName).containsExactly("alpha", "beta");
        assertSummary(all.get(0), new LedgerSummary("alpha", 3, Map.of(LedgerStatus.OK, 1L, LedgerStatus.FAIL, 1L,
                LedgerStatus.PENDING, 1L), L0, L0.plusSeconds(61), 2));
        assertSummary(all.get(1), new LedgerSummary("beta", 1, Map.of(LedgerStatus.PARTIAL, 1L), L0.plusSeconds(5),
                L0.plusSeconds(5), 0));
        assertThat(beta).hasSize(1);
        assertSummary(beta.getFirst(), all.get(1));
        assertThat(inLedger((LedgerStore ledger) -> ledger.summary(TENANT, "none"))).isEmpty();
    }

    private static void assertSummary(LedgerSummary actual, LedgerSummary expected) {
        Map<LedgerStatus, Long> nonZero = actual.byStatus().entrySet().stream().filter(e -> e.getValue() != 0)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(new LedgerSummary(actual.taskName(), actual.total(), nonZero, actual.firstAttempt(),
                actual.lastAttempt(), actual.totalRetries())).isEqualTo(expected);
    }

    @Test
    public void findItems_returnsOnlyRequestedItemsOfThatTaskNameAndTenant() {
        record("alpha", "a", LedgerStatus.OK, null, L0);
        record("alpha", "b", LedgerStatus.FAIL, null, L0);
        record("alpha", "c", LedgerStatus.OK, null, L0);
        record("beta", "a", LedgerStatus.OK, null, L0);
        record(new LedgerRecord(OTHER_TENANT, "alpha", "d", LedgerStatus.OK, null), L0);

        List<LedgerEntry> found = inLedger(ledger -> ledger.findItems(TENANT, "alpha", List.of("a", "c", "d", "missing")));

        assertThat(found).extracting(LedgerEntry::taskName, LedgerEntry::taskItem)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("alpha", "a"),
                        org.assertj.core.groups.Tuple.tuple("alpha", "c"));
        assertThat(inLedger((LedgerStore ledger) -> ledger.findItems(TENANT, "alpha", List.of()))).isEmpty();
    }

    @Test
    public void findItems_acceptsAThousandItemsInOneCall() {
        List<LedgerRecord> batch = new ArrayList<>();
        List<String> asked = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            asked.add("item/" + i);
            if (i % 4 != 0) {
                batch.add(new LedgerRecord(TENANT, "bulk", "item/" + i, LedgerStatus.OK, null));
            }
        }
        runInLedger(ledger -> ledger.recordAll(batch, L0));

        List<LedgerEntry> found = inLedger(ledger -> ledger.findItems(TENANT, "bulk", asked));

        assertThat(items(found)).containsExactlyInAnyOrderElementsOf(items(batch.stream().map(r ->
                new LedgerEntry(0, TENANT, "bulk", r.taskItem(), 0, LedgerStatus.OK, null, L0, L0)).toList()));
    }

    @Test
    public void unreconciled_answersMissingItemsAndEntriesNotOk_inTheOrderAsked_ofThatNameAndTenant() {
        record("alpha", "ok", LedgerStatus.OK, null, L0);
        record("alpha", "failed", LedgerStatus.FAIL, "boom", L0);
        record("alpha", "pending", LedgerStatus.PENDING, null, L0);
        record("alpha", "unknown", LedgerStatus.UNKNOWN, null, L0);
        record("beta", "elsewhere", LedgerStatus.OK, null, L0);
        record(new LedgerRecord(OTHER_TENANT, "alpha", "other-tenant", LedgerStatus.OK, null), L0);

        Unreconciled u = inLedger(ledger -> ledger.unreconciled(TENANT, "alpha",
                List.of("unknown", "ok", "never", "failed", "elsewhere", "other-tenant", "pending")));

        assertThat(u.missing()).containsExactly("never", "elsewhere", "other-tenant");
        assertThat(u.notOk()).extracting(LedgerEntry::taskItem).containsExactly("unknown", "failed", "pending");
        assertThat(u.notOk().get(1)).extracting(LedgerEntry::taskName, LedgerEntry::status, LedgerEntry::note)
                .containsExactly("alpha", LedgerStatus.FAIL, "boom");
        assertThat(inLedger((LedgerStore ledger) -> ledger.unreconciled(TENANT, "alpha", List.of())))
                .isEqualTo(new Unreconciled(List.of(), List.of()));
    }
}
