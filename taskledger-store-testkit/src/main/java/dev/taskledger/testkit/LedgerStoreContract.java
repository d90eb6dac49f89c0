package dev.taskledger.testkit;

import dev.taskledger.ledger.LedgerEntry;
import dev.taskledger.ledger.LedgerRecord;
import dev.taskledger.ledger.LedgerStatus;
import dev.taskledger.ledger.spi.LedgerStore;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static dev.taskledger.testkit.SampleTasks.L0;
import static dev.taskledger.testkit.SampleTasks.OTHER_TENANT;
import static dev.taskledger.testkit.SampleTasks.TENANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** {@code LedgerStore} writes (the replic ledger's inv_tasks): the upsert one by one and in batches, get, delete. */
public abstract class LedgerStoreContract extends LedgerContractSupport {

    @Test
    public void record_firstTime_insertsWithZeroRetries_createdAndUpdatedNow() {
        LedgerEntry e = record("changeToken", "ark:/28722/bk0003d9n5m", LedgerStatus.FAIL, "Exception copy", L0);

        assertThat(e.tenant()).isEqualTo(TENANT);
        assertThat(e.taskName()).isEqualTo("changeToken");
        assertThat(e.taskItem()).isEqualTo("ark:/28722/bk0003d9n5m");
        assertThat(e.retries()).isZero();
        assertThat(e.status()).isEqualTo(LedgerStatus.FAIL);
        assertThat(e.note()).isEqualTo("Exception copy");
        assertThat(e.created()).isEqualTo(L0);
        assertThat(e.updated()).isEqualTo(L0);
        assertThat(get(TENANT, "changeToken", "ark:/28722/bk0003d9n5m")).contains(e);
    }

    @Test
    public void record_again_incrementsRetries_replacesStatusAndNote_keepsIdAndCreated() {
        LedgerEntry first = record("changeToken", "ark:/1", LedgerStatus.FAIL, "Exception copy", L0);

        LedgerEntry second = record("changeToken", "ark:/1", LedgerStatus.PARTIAL, "half done", L0.plusSeconds(22));
        LedgerEntry third = record("changeToken", "ark:/1", LedgerStatus.OK, "done", L0.plusSeconds(40));

        assertThat(second.retries()).isEqualTo(1);
        assertThat(second.status()).isEqualTo(LedgerStatus.PARTIAL);
        assertThat(second.note()).isEqualTo("half done");
        assertThat(third).isEqualTo(new LedgerEntry(first.id(), TENANT, "changeToken", "ark:/1", 2, LedgerStatus.OK,
                "done", L0, L0.plusSeconds(40)));
        assertThat(get(TENANT, "changeToken", "ark:/1")).contains(third);
    }

    @Test
    public void record_withoutNote_clearsTheStoredNote() {
        record("n", "i", LedgerStatus.FAIL, "Exception copy", L0);

        LedgerEntry e = record("n", "i", LedgerStatus.OK, null, L0.plusSeconds(1));

        assertThat(e.note()).isNull();
        assertThat(get(TENANT, "n", "i").orElseThrow().note()).isNull();
    }

    @Test
    public void record_sameNameAndItemInAnotherTenant_isASeparateEntry() {
        LedgerEntry mine = record("n", "i", LedgerStatus.OK, null, L0);

        LedgerEntry theirs = record(new LedgerRecord(OTHER_TENANT, "n", "i", LedgerStatus.FAIL, "x"), L0.plusSeconds(5));

        assertThat(theirs.retries()).isZero();
        assertThat(theirs.id()).isNotEqualTo(mine.id());
        assertThat(get(TENANT, "n", "i")).contains(mine);
        assertThat(get(OTHER_TENANT, "n", "i")).contains(theirs);
    }

    @Test
    public void record_keyIsNameAndItemTogether() {
        LedgerEntry a = record("n1", "i1", LedgerStatus.OK, null, L0);
        LedgerEntry b = record("n1", "i2", LedgerStatus.OK, null, L0);
        LedgerEntry c = record("n2", "i1", LedgerStatus.OK, null, L0);

        assertThat(List.of(a.retries(), b.retries(), c.retries())).containsOnly(0);
        assertThat(List.of(a.id(), b.id(), c.id())).doesNotHaveDuplicates();
    }

    @Test
    public void recordMany_answersTheEntryAfterEachRecord_inRecordOrder() {
        LedgerEntry existing = record("n", "old", LedgerStatus.FAIL, "first", L0);

        List<LedgerEntry> answers = inLedger(ledger -> ledger.recordMany(List.of(
                new LedgerRecord(TENANT, "n", "zulu", LedgerStatus.OK, null),
                new LedgerRecord(TENANT, "n", "old", LedgerStatus.PARTIAL, "again"),
                new LedgerRecord(OTHER_TENANT, "n", "old", LedgerStatus.OK, "theirs"),
                new LedgerRecord(TENANT, "m", "alpha", LedgerStatus.FAIL, "x")), L0.plusSeconds(7)));

        assertThat(answers).extracting(LedgerEntry::tenant, LedgerEntry::taskName, LedgerEntry::taskItem,
                LedgerEntry::retries, LedgerEntry::status, LedgerEntry::note).containsExactly(
                tuple(TENANT, "n", "zulu", 0, LedgerStatus.OK, null),
                tuple(TENANT, "n", "old", 1, LedgerStatus.PARTIAL, "again"),
                tuple(OTHER_TENANT, "n", "old", 0, LedgerStatus.OK, "theirs"),
                tuple(TENANT, "m", "alpha", 0, LedgerStatus.FAIL, "x"));
        assertThat(answers.get(1)).isEqualTo(new LedgerEntry(existing.id(), TENANT, "n", "old", 1, LedgerStatus.PARTIAL,
                "again", L0, L0.plusSeconds(7)));
        for (LedgerEntry answer : answers) {
            assertThat(get(answer.tenant(), answer.taskName(), answer.taskItem())).contains(answer);
        }
    }

    @Test
    public void recordMany_aRepeatedKey_answersEachRecordWithTheEntryAfterIt() {
        List<LedgerEntry> answers = inLedger(ledger -> ledger.recordMany(List.of(
                new LedgerRecord(TENANT, "n", "a", LedgerStatus.FAIL, "1"),
                new LedgerRecord(TENANT, "n", "b", LedgerStatus.OK, null),
                new LedgerRecord(TENANT, "n", "a", LedgerStatus.OK, "2")), L0));

        assertThat(answers).extracting(LedgerEntry::taskItem, LedgerEntry::retries, LedgerEntry::note)
                .containsExactly(tuple("a", 0, "1"), tuple("b", 0, null), tuple("a", 1, "2"));
        assertThat(get(TENANT, "n", "a").orElseThrow().retries()).isEqualTo(1);
    }

    @Test
    public void recordAll_appliesRecordsInOrder_aRepeatedKeyCountsEachTime() {
        List<LedgerRecord> batch = List.of(new LedgerRecord(TENANT, "n", "a", LedgerStatus.FAIL, "1"),
                new LedgerRecord(TENANT, "n", "b", LedgerStatus.OK, null),
                new LedgerRecord(TENANT, "n", "a", LedgerStatus.PARTIAL, "2"),
                new LedgerRecord(TENANT, "n", "a", LedgerStatus.OK, null));

        runInLedger(ledger -> ledger.recordAll(batch, L0));

        LedgerEntry a = get(TENANT, "n", "a").orElseThrow();
        assertThat(a.retries()).isEqualTo(2);
        assertThat(a.status()).isEqualTo(LedgerStatus.OK);
        assertThat(a.note()).isNull();
        assertThat(get(TENANT, "n", "b").orElseThrow().retries()).isZero();
        runInLedger(ledger -> ledger.recordAll(List.of(new LedgerRecord(TENANT, "n", "b", LedgerStatus.FAIL, "late")), L0.plusSeconds(9)));
        assertThat(get(TENANT, "n", "b").orElseThrow()).extracting(LedgerEntry::retries, LedgerEntry::note,
                LedgerEntry::created, LedgerEntry::updated).containsExactly(1, "late", L0, L0.plusSeconds(9));
        runInLedger(ledger -> ledger.recordAll(List.of(), L0));
    }

    @Test
    public void recordAll_repeatedKeyOfAnExistingEntry_addsEveryRepeatToItsRetries() {
        LedgerEntry before = record("n", "a", LedgerStatus.FAIL, "first", L0);

        runInLedger(ledger -> ledger.recordAll(List.of(new LedgerRecord(TENANT, "n", "a", LedgerStatus.PARTIAL, "x"),
                new LedgerRecord(TENANT, "n", "a", LedgerStatus.FAIL, "last")), L0.plusSeconds(30)));

        assertThat(get(TENANT, "n", "a")).contains(new LedgerEntry(before.id(), TENANT, "n", "a", 2, LedgerStatus.FAIL,
                "last", L0, L0.plusSeconds(30)));
    }

    @Test
    public void recordAll_newAndExistingKeysMixed_insertsTheNewOnesOnce_andCountsTheExistingOne() {
        LedgerEntry existing = record("n", "old", LedgerStatus.FAIL, "first", L0);

        runInLedger(ledger -> ledger.recordAll(List.of(new LedgerRecord(TENANT, "n", "new-1", LedgerStatus.OK, "a"),
                new LedgerRecord(TENANT, "n", "old", LedgerStatus.OK, "again"),
                new LedgerRecord(TENANT, "n", "new-2", LedgerStatus.PARTIAL, null)), L0.plusSeconds(5)));

        assertThat(get(TENANT, "n", "old")).contains(new LedgerEntry(existing.id(), TENANT, "n", "old", 1,
                LedgerStatus.OK, "again", L0, L0.plusSeconds(5)));
        assertThat(get(TENANT, "n", "new-1").orElseThrow()).extracting(LedgerEntry::retries, LedgerEntry::status,
                LedgerEntry::note, LedgerEntry::created).containsExactly(0, LedgerStatus.OK, "a", L0.plusSeconds(5));
        assertThat(get(TENANT, "n", "new-2").orElseThrow().retries()).isZero();
    }

    @Test
    public void recordAll_newEntries_getIdsInRecordOrder() {
        List<LedgerRecord> batch = List.of(new LedgerRecord(TENANT, "n", "zulu", LedgerStatus.OK, null),
                new LedgerRecord(TENANT, "m", "alpha", LedgerStatus.OK, null),
                new LedgerRecord(TENANT, "n", "mike", LedgerStatus.OK, null),
                new LedgerRecord(TENANT, "a", "bravo", LedgerStatus.OK, null));

        runInLedger(ledger -> ledger.recordAll(batch, L0));

        List<Long> ids = batch.stream().map(r -> get(TENANT, r.taskName(), r.taskItem()).orElseThrow().id()).toList();
        assertThat(ids).as("\"the same upsert for many records, in order\": ids follow the records' order").isSorted();
    }

    @Test
    public void get_unknownKeyOrOtherTenant_isEmpty() {
        record("n", "i", LedgerStatus.OK, null, L0);

        assertThat(get(TENANT, "n", "other")).isEmpty();
        assertThat(get(TENANT, "other", "i")).isEmpty();
        assertThat(get(OTHER_TENANT, "n", "i")).isEmpty();
    }

    @Test
    public void delete_returnsTheEntryAsItWas_andRemovesIt() {
        record("n", "i", LedgerStatus.FAIL, "x", L0);
        LedgerEntry before = record("n", "i", LedgerStatus.OK, "y", L0.plusSeconds(22));

        Optional<LedgerEntry> deleted = inLedger(ledger -> ledger.delete(TENANT, "n", "i"));

        assertThat(deleted).contains(before);
        assertThat(get(TENANT, "n", "i")).isEmpty();
        assertThat(inLedger((LedgerStore ledger) -> ledger.delete(TENANT, "n", "i"))).isEmpty();
        assertThat(record("n", "i", LedgerStatus.OK, null, L0.plusSeconds(60)).retries())
                .as("a record after delete starts over").isZero();
    }

    @Test
    public void delete_otherTenant_isEmpty_andKeepsTheEntry() {
        LedgerEntry e = record("n", "i", LedgerStatus.OK, null, L0);

        assertThat(inLedger((LedgerStore ledger) -> ledger.delete(OTHER_TENANT, "n", "i"))).isEmpty();
        assertThat(get(TENANT, "n", "i")).contains(e);
    }
}
