package dev.taskledger.client;

import dev.taskledger.protocol.ledger.LedgerEntryDto;
import dev.taskledger.protocol.ledger.LedgerPageDto;
import dev.taskledger.protocol.ledger.LedgerRecordRequest;
import dev.taskledger.protocol.ledger.LedgerSummaryDto;
import dev.taskledger.protocol.ledger.ReconcileReportDto;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every ledger call of {@link LedgerClient} against a real in-process server (SQLite). */
class LedgerClientTest extends SharedServerTest {
    private LedgerClient ledger;

    @BeforeAll
    void openLedger() { // after SharedServerTest's @BeforeAll
        ledger = client.ledger();
    }

    private static String newName() {
        return "fix-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void record_upserts_countingRetries_andReplacingStatusAndNote() {
        String name = newName();
        LedgerEntryDto first = ledger.record(name, "ark:/28722/bk0003d9n5m", "fail", "Exception copy");
        LedgerEntryDto second = ledger.record(name, "ark:/28722/bk0003d9n5m", "ok", null);

        assertThat(first.retries()).isZero();
        assertThat(first.status()).isEqualTo("fail");
        assertThat(first.note()).isEqualTo("Exception copy");
        assertThat(second.id()).isEqualTo(first.id());
        assertThat(second.retries()).isEqualTo(1);
        assertThat(second.status()).isEqualTo("ok");
        assertThat(second.note()).isNull();
        assertThat(second.created()).isEqualTo(first.created());
    }

    @Test
    void get_andDelete_findEntriesByNameAndItem() {
        String name = newName();
        ledger.record(name, "item/with:odd chars", "ok", "n");

        assertThat(ledger.get(name, "item/with:odd chars")).get().extracting(LedgerEntryDto::note).isEqualTo("n");
        assertThat(ledger.delete(name, "item/with:odd chars")).get().extracting(LedgerEntryDto::status).isEqualTo("ok");
        assertThat(ledger.get(name, "item/with:odd chars")).isEmpty();
        assertThat(ledger.delete(name, "item/with:odd chars")).isEmpty();
    }

    @Test
    void recordBatch_recordsJsonAndCsv_andListPagesThroughThem() {
        String name = newName();
        int recorded = ledger.recordBatch(IntStream.range(0, 7)
                .mapToObj(i -> new LedgerRecordRequest(name, "item-" + i, i % 3 == 0 ? "fail" : "ok", null)).toList());
        int fromCsv = ledger.recordBatch(("task_name,task_item,status,note\n" + name + ",item-7,partial,\"a, b\"\n")
                .getBytes(StandardCharsets.UTF_8), "text/csv");

        assertThat(recorded).isEqualTo(7);
        assertThat(fromCsv).isEqualTo(1);
        LedgerPageDto first = ledger.list(LedgerFilter.taskName(name).withLimit(3), null);
        assertThat(first.entries()).hasSize(3);
        assertThat(first.nextCursor()).isNotNull();
        assertThat(ledger.listAll(LedgerFilter.taskName(name).withLimit(3))).hasSize(8);
        assertThat(ledger.listAll(LedgerFilter.taskName(name).withStatus("fail"))).extracting(LedgerEntryDto::taskItem)
                .containsExactly("item-0", "item-3", "item-6");
        assertThat(ledger.get(name, "item-7")).get().extracting(LedgerEntryDto::note).isEqualTo("a, b");
    }

    @Test
    void summary_countsPerStatus() {
        String name = newName();
        ledger.record(name, "a", "ok", null);
        ledger.record(name, "b", "fail", null);
        ledger.record(name, "b", "fail", null);

        List<LedgerSummaryDto.TaskSummary> summaries = ledger.summary(name);
        assertThat(summaries).singleElement().satisfies(s -> {
            assertThat(s.total()).isEqualTo(2);
            assertThat(s.byStatus()).containsEntry("ok", 1L).containsEntry("fail", 1L).containsEntry("pending", 0L);
            assertThat(s.totalRetries()).isEqualTo(1);
        });
    }

    @Test
    void reconcile_namesMissingAndNotOkItems() {
        String name = newName();
        ledger.record(name, "done", "ok", null);
        ledger.record(name, "broken", "fail", "disk full");

        ReconcileReportDto report = ledger.reconcile(name, List.of("done", "broken", "forgotten"));
        assertThat(report.expected()).isEqualTo(3);
        assertThat(report.ok()).isEqualTo(1);
        assertThat(report.missing()).containsExactly("forgotten");
        assertThat(report.notOk()).extracting(LedgerEntryDto::taskItem).containsExactly("broken");
    }

    @Test
    void export_streamsCsvAndNdjsonLines() {
        String name = newName();
        ledger.recordBatch(IntStream.range(0, 3).mapToObj(i -> new LedgerRecordRequest(name, "i" + i, "ok", null)).toList());

        try (Stream<String> csv = ledger.export(LedgerFilter.taskName(name), "csv")) {
            List<String> lines = csv.toList();
            assertThat(lines).hasSize(4);
            assertThat(lines.getFirst()).contains("task_name").contains("task_item");
        }
        try (Stream<String> ndjson = ledger.export(LedgerFilter.taskName(name), "ndjson")) {
            assertThat(ndjson.filter(l -> !l.isBlank()).map(LedgerClient::parseNdjsonLine).map(LedgerEntryDto::taskItem))
                    .containsExactly("i0", "i1", "i2");
        }
    }

    @Test
    void aRecordWithoutAnItem_isAValidationError() {
        assertThatThrownBy(() -> ledger.record(newName(), "", "ok", null)).isInstanceOf(ValidationException.class)
                .satisfies(e -> assertThat(((ValidationException) e).detail()).contains("task_item"));
    }
}
