package dev.taskledger.store.mongo;

import dev.taskledger.ledger.LedgerEntry;
import dev.taskledger.ledger.LedgerQuery;
import dev.taskledger.ledger.LedgerRecord;
import dev.taskledger.ledger.LedgerStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.taskledger.testkit.Races.race;
import static dev.taskledger.testkit.SampleTasks.L0;
import static dev.taskledger.testkit.SampleTasks.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

/** Concurrent upserts of the ledger: no lost increment, no duplicate-key error, one document per key. */
class MongoLedgerRaceTest extends MongoStoreTestSupport {

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void twentyThreadsRecordingOneKeyFiftyTimes_endWithRetries999() throws Exception {
        List<Throwable> errors = race(20, thread -> {
            for (int i = 0; i < 50; i++) {
                LedgerRecord r = new LedgerRecord(TENANT, "race", "ark:/1/k", i % 2 == 0 ? LedgerStatus.OK : LedgerStatus.FAIL, "t" + thread);
                java.time.Instant at = L0.plusSeconds(i);
                inLedger(ledger -> ledger.record(r, at));
            }
        });

        assertThat(errors).isEmpty();
        LedgerEntry e = inLedger(ledger -> ledger.get(TENANT, "race", "ark:/1/k")).orElseThrow();
        assertThat(e.retries()).isEqualTo(999);
        assertThat(e.created()).isEqualTo(L0);
        assertThat(db.getCollection("inv_tasks").countDocuments()).isEqualTo(1);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void concurrentBatchesOverlappingOnNewKeys_countEveryRecord() throws Exception {
        int threads = 8;
        int keys = 200;
        List<Throwable> errors = race(threads, thread -> {
            for (int round = 0; round < 5; round++) {
                List<LedgerRecord> batch = new ArrayList<>();
                for (int k = 0; k < keys; k++) {
                    batch.add(new LedgerRecord(TENANT, "bulk", "item-" + ((k + thread * 17) % keys), LedgerStatus.OK, null));
                }
                batch.add(batch.getFirst()); // a repeat within the batch counts too
                inLedger(ledger -> {
                    ledger.recordAll(batch, L0);
                    return null;
                });
            }
        });

        assertThat(errors).isEmpty();
        List<LedgerEntry> all = new ArrayList<>();
        inLedger(ledger -> {
            ledger.forEach(new LedgerQuery(TENANT, "bulk", null, null, 10, null), all::add);
            return null;
        });
        assertThat(all).hasSize(keys);
        assertThat(new HashSet<>(all.stream().map(LedgerEntry::id).toList())).hasSize(keys);
        long records = (long) threads * 5 * (keys + 1);
        assertThat(all.stream().mapToLong(e -> e.retries() + 1L).sum()).isEqualTo(records);
    }
}
