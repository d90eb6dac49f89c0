package dev.taskledger.testkit;

import dev.taskledger.ledger.LedgerEntry;
import dev.taskledger.ledger.LedgerQuery;
import dev.taskledger.ledger.LedgerRecord;
import dev.taskledger.ledger.LedgerStatus;
import dev.taskledger.ledger.spi.LedgerStore;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.taskledger.testkit.FidelityContract.EMOJI_CJK;
import static dev.taskledger.testkit.SampleTasks.L0;
import static dev.taskledger.testkit.SampleTasks.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exact round-trips of ledger data: Unicode names and items, the longest item (511 code points) and name (255),
 * a raw U+0000 in a note, and items that look like CSV, SQL-pattern, array or JSON syntax, through the single and
 * the batch upsert.
 */
public abstract class LedgerFidelityContract extends LedgerContractSupport {
    static final List<String> ODD_ITEMS = List.of("a,b", "q\"uote", "back\\slash", "{braces}", "NULL",
            " padded ", "50%", "a_c", "semi;colon", "new\nline", "tab\there", "ark:/28722/bk0003d9n5m", "'single'");

    @Test
    public void ledger_unicodeNameAndItem_roundTripExactly_andAreDistinctKeys() {
        String name = "migração-東京-🐈";
        LedgerEntry a = inLedger(ledger -> ledger.record(new LedgerRecord(TENANT, name, EMOJI_CJK, LedgerStatus.OK, EMOJI_CJK), L0));
        LedgerEntry b = inLedger(ledger -> ledger.record(new LedgerRecord(TENANT, name, EMOJI_CJK + "x", LedgerStatus.OK, null), L0));

        assertThat(inLedger((LedgerStore ledger) -> ledger.get(TENANT, name, EMOJI_CJK))).contains(a);
        assertThat(a.taskName()).isEqualTo(name);
        assertThat(a.taskItem()).isEqualTo(EMOJI_CJK);
        assertThat(a.note()).isEqualTo(EMOJI_CJK);
        assertThat(b.id()).isNotEqualTo(a.id());
        assertThat(inLedger((LedgerStore ledger) -> ledger.findItems(TENANT, name, List.of(EMOJI_CJK)))).containsExactly(a);
    }

    @Test
    public void ledger_itemsDifferingOnlyInCharactersBeyondTheBmp_areDistinctKeys() {
        org.junit.jupiter.api.Assumptions.assumeTrue(capabilities().exactLedgerKeys(),
                "this backend compares ledger keys with the replic ledger's utf8mb4_unicode_ci collation, where all emoji are equal");
        LedgerEntry cat = inLedger(ledger -> ledger.record(new LedgerRecord(TENANT, "n", "ark:/🐈", LedgerStatus.OK, "cat"), L0));
        LedgerEntry grin = inLedger(ledger -> ledger.record(new LedgerRecord(TENANT, "n", "ark:/😀", LedgerStatus.FAIL, "grin"), L0));
        LedgerEntry clef = inLedger(ledger -> ledger.record(new LedgerRecord(TENANT, "n𝄞", "x", LedgerStatus.OK, null), L0));
        LedgerEntry bass = inLedger(ledger -> ledger.record(new LedgerRecord(TENANT, "n𝄢", "x", LedgerStatus.OK, null), L0));

        assertThat(List.of(cat.retries(), grin.retries(), clef.retries(), bass.retries()))
                .as("four different keys, each recorded once").containsOnly(0);
        assertThat(inLedger((LedgerStore ledger) -> ledger.get(TENANT, "n", "ark:/🐈"))).contains(cat);
        assertThat(inLedger((LedgerStore ledger) -> ledger.get(TENANT, "n", "ark:/😀"))).contains(grin);
        assertThat(inLedger((LedgerStore ledger) -> ledger.summary(TENANT, null))).extracting(s -> s.taskName())
                .containsExactlyInAnyOrder("n", "n𝄞", "n𝄢");
    }

    @Test
    public void ledger_longestItemAndName_roundTripExactly() {
        String item511 = "ark:/" + "x".repeat(499) + "猫🐈東京🐈‍⬛"; // 511 code points (🐈‍⬛ is three), some beyond the BMP
        String name255 = "n".repeat(250) + "東京🐈猫ñ";
        assertThat(item511.codePointCount(0, item511.length())).isEqualTo(511);
        assertThat(name255.codePointCount(0, name255.length())).isEqualTo(255);
        String ascii511 = "a/b:".repeat(127) + "end";

        LedgerEntry e = inLedger(ledger -> ledger.record(new LedgerRecord(TENANT, name255, item511, LedgerStatus.OK, null), L0));
        LedgerEntry f = inLedger(ledger -> ledger.record(new LedgerRecord(TENANT, name255, ascii511, LedgerStatus.OK, null), L0));

        assertThat(e.taskItem()).isEqualTo(item511);
        assertThat(inLedger((LedgerStore ledger) -> ledger.get(TENANT, name255, item511)).orElseThrow().taskItem()).isEqualTo(item511);
        assertThat(inLedger((LedgerStore ledger) -> ledger.get(TENANT, name255, ascii511))).contains(f);
    }

    @Test
    public void ledger_rawNulCharacterInNote_roundTrips() {
        String note = "copy failed\u0000 at byte \u0000 42";

        LedgerEntry e = inLedger(ledger -> ledger.record(new LedgerRecord(TENANT, "n", "i", LedgerStatus.FAIL, note), L0));

        assertThat(e.note()).isEqualTo(note);
        assertThat(inLedger((LedgerStore ledger) -> ledger.get(TENANT, "n", "i")).orElseThrow().note()).isEqualTo(note);
        List<LedgerEntry> exported = new java.util.ArrayList<>();
        runInLedger(ledger -> ledger.forEach(new dev.taskledger.ledger.LedgerQuery(TENANT, "n", null, null, 10, null), exported::add));
        assertThat(exported).extracting(LedgerEntry::note).containsExactly(note);
    }

    @Test
    public void ledger_oddItemsAndNotes_roundTripThroughRecordAllAndFindItems() {
        List<LedgerRecord> batch = new ArrayList<>();
        for (String item : ODD_ITEMS) {
            batch.add(new LedgerRecord(TENANT, "odd,name\"", item, LedgerStatus.FAIL, "note " + item + " \u0000"));
        }
        batch.add(batch.getFirst()); // a repeat inside the batch

        runInLedger(ledger -> ledger.recordAll(batch, L0));

        for (LedgerRecord r : batch) {
            LedgerEntry e = inLedger(ledger -> ledger.get(TENANT, r.taskName(), r.taskItem())).orElseThrow(
                    () -> new AssertionError("no entry for item [" + r.taskItem() + "]"));
            assertThat(e.taskItem()).isEqualTo(r.taskItem());
            assertThat(e.note()).isEqualTo(r.note());
        }
        List<String> asked = batch.stream().map(LedgerRecord::taskItem).distinct().toList();
        assertThat(inLedger((LedgerStore ledger) -> ledger.findItems(TENANT, "odd,name\"", asked))).extracting(LedgerEntry::taskItem)
                .containsExactlyInAnyOrderElementsOf(asked);
        assertThat(inLedger((LedgerStore ledger) -> ledger.get(TENANT, "odd,name\"", "a,b")).orElseThrow().retries()).isEqualTo(1);
    }

    @Test
    public void ledger_nameFilter_matchesExactly_notAsAPattern() {
        runInLedger(ledger -> ledger.recordAll(List.of(new LedgerRecord(TENANT, "a_c", "1", LedgerStatus.OK, null),
                new LedgerRecord(TENANT, "abc", "2", LedgerStatus.OK, null),
                new LedgerRecord(TENANT, "a%", "3", LedgerStatus.OK, null),
                new LedgerRecord(TENANT, "A_C", "4", LedgerStatus.OK, null)), L0));

        assertThat(inLedger((LedgerStore ledger) -> ledger.list(new LedgerQuery(TENANT, "a_c", null, null, 10, null))).items())
                .extracting(LedgerEntry::taskItem).contains("1").doesNotContain("2", "3");
        assertThat(inLedger((LedgerStore ledger) -> ledger.list(new LedgerQuery(TENANT, "a%", null, null, 10, null))).items())
                .extracting(LedgerEntry::taskItem).containsExactly("3");
        assertThat(inLedger((LedgerStore ledger) -> ledger.summary(TENANT, "a_c"))).extracting(s -> s.taskName())
                .contains("a_c").doesNotContain("abc");
    }
}
