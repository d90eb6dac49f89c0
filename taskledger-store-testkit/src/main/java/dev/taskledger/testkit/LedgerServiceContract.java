package dev.taskledger.testkit;

import dev.taskledger.ledger.LedgerEntry;
import dev.taskledger.ledger.LedgerQuery;
import dev.taskledger.ledger.LedgerRecord;
import dev.taskledger.ledger.LedgerService;
import dev.taskledger.ledger.LedgerStatus;
import dev.taskledger.ledger.ReconcileReport;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code LedgerService} over the store: the replic ledger's record semantics in whole seconds, chunked batches, reconcile. */
public abstract class LedgerServiceContract extends ServiceContractSupport {

    @Test
    public void record_thenRecordAgain_followsSeed000_withWholeSecondTimes() {
        Instant created = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        LedgerEntry first = ledger.record(LedgerService.validate(TENANT, "changeToken", "ark:/28722/bk0003d9n5m",
                "fail", "Exception copy", ""));
        clock.advanceSeconds(22);

        LedgerEntry second = ledger.record(LedgerService.validate(TENANT, "changeToken", "ark:/28722/bk0003d9n5m",
                "ok", null, ""));

        assertThat(first.retries()).isZero();
        assertThat(first.created()).isEqualTo(created);
        assertThat(second).isEqualTo(new LedgerEntry(first.id(), TENANT, "changeToken", "ark:/28722/bk0003d9n5m", 1,
                LedgerStatus.OK, null, created, created.plusSeconds(22)));
        assertThat(ledger.get(TENANT, "changeToken", "ark:/28722/bk0003d9n5m")).contains(second);
        assertThat(ledger.delete(TENANT, "changeToken", "ark:/28722/bk0003d9n5m")).contains(second);
        assertThat(ledger.get(TENANT, "changeToken", "ark:/28722/bk0003d9n5m")).isEmpty();
    }

    @Test
    public void recordAll_moreThanOneChunk_recordsEveryEntry_countingRepeatedKeys() {
        int items = LedgerService.CHUNK + LedgerService.CHUNK / 4; // each item twice, across three chunks
        List<LedgerRecord> records = new ArrayList<>();
        for (int i = 0; i < 2 * items; i++) {
            records.add(new LedgerRecord(TENANT, "bulk", "item-" + (i % items), LedgerStatus.OK, "r" + i));
        }

        assertThat(ledger.recordAll(records)).isEqualTo(records.size());

        List<LedgerEntry> exported = new ArrayList<>();
        Long after = null;
        do {
            var page = ledger.list(new LedgerQuery(TENANT, "bulk", null, null, LedgerService.MAX_LIST, after));
            exported.addAll(page.items());
            after = page.nextAfterId();
        } while (after != null);
        assertThat(exported).hasSize(items);
        assertThat(exported).extracting(LedgerEntry::retries).containsOnly(1);
        assertThat(ledger.get(TENANT, "bulk", "item-0").orElseThrow().note()).isEqualTo("r" + items);
        assertThat(ledger.summary(TENANT, "bulk").getFirst().totalRetries()).isEqualTo(items);
    }

    @Test
    public void reconcile_reportsMissingItemsAndItemsThatAreNotOk() {
        ledger.recordAll(List.of(new LedgerRecord(TENANT, "mig", "a", LedgerStatus.OK, null),
                new LedgerRecord(TENANT, "mig", "b", LedgerStatus.FAIL, "x"),
                new LedgerRecord(TENANT, "mig", "c", LedgerStatus.PARTIAL, null),
                new LedgerRecord(TENANT, "other", "d", LedgerStatus.OK, null),
                new LedgerRecord(OTHER_TENANT, "mig", "d", LedgerStatus.OK, null)));

        ReconcileReport report = ledger.reconcile(TENANT, "mig", List.of("a", "b", "c", "d", "e", "a"));

        assertThat(report.expected()).isEqualTo(5);
        assertThat(report.ok()).isEqualTo(1);
        assertThat(report.missing()).containsExactly("d", "e");
        assertThat(report.notOk()).extracting(LedgerEntry::taskItem).containsExactly("b", "c");
    }

    @Test
    public void reconcile_moreThanOneChunk_reportsEachItemOnce_inTheOrderAsked() {
        int n = LedgerService.CHUNK + LedgerService.CHUNK / 2;
        List<LedgerRecord> records = new ArrayList<>();
        List<String> asked = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        List<String> notOk = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String item = "item-" + (n - i); // asked in the opposite order to the entries' ids
            asked.add(item);
            switch (i % 3) {
                case 0 -> missing.add(item);
                case 1 -> records.add(new LedgerRecord(TENANT, "big", item, LedgerStatus.OK, null));
                default -> {
                    records.add(new LedgerRecord(TENANT, "big", item, LedgerStatus.FAIL, null));
                    notOk.add(item);
                }
            }
        }
        ledger.recordAll(records.reversed());

        ReconcileReport report = ledger.reconcile(TENANT, "big", asked);

        assertThat(report.expected()).isEqualTo(n);
        assertThat(report.ok()).isEqualTo(n - missing.size() - notOk.size());
        assertThat(report.missing()).containsExactlyElementsOf(missing);
        assertThat(report.notOk()).extracting(LedgerEntry::taskItem).containsExactlyElementsOf(notOk);
        assertThat(report.notOk()).extracting(LedgerEntry::status).containsOnly(LedgerStatus.FAIL);
    }
}
