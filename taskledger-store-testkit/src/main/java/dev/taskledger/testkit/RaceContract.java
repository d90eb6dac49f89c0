package dev.taskledger.testkit;

import dev.taskledger.ledger.LedgerEntry;
import dev.taskledger.ledger.LedgerQuery;
import dev.taskledger.ledger.LedgerRecord;
import dev.taskledger.ledger.LedgerStatus;
import dev.taskledger.queue.ClaimRequest;
import dev.taskledger.queue.Task;
import dev.taskledger.queue.TaskService;
import dev.taskledger.queue.TaskSpec;
import dev.taskledger.queue.TaskStats;
import dev.taskledger.queue.TaskStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import static dev.taskledger.testkit.Races.race;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Concurrency through the real services: the outcome is deterministic (every task claimed exactly once, no
 * lost ledger increment, one task per idempotency key) whatever the interleaving. Threads start together
 * on a latch; nothing sleeps.
 */
public abstract class RaceContract extends ServiceContractSupport {
    /** Tasks in the claim race; a backend whose test double scans every document per claim may run fewer. */
    protected int claimRaceTasks() {
        return 5_000;
    }

    protected static final int CLAIMERS = 8;
    protected static final int LEDGER_THREADS = 20;
    protected static final int LEDGER_RECORDS_EACH = 50;

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    public void concurrentClaims_byEightWorkers_getEveryTaskExactlyOnce() throws Exception {
        int n = claimRaceTasks();
        Set<UUID> created = new HashSet<>();
        for (int batch = 0; batch < n / 1_000; batch++) {
            List<TaskSpec> requests = new ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                requests.add(new TaskSpec(i % 2 == 0 ? "mail" : "sms", "{\"i\":" + (batch * 1_000 + i) + "}", null, null,
                        i % 5, null, null, null, null, null, false));
            }
            tasks.createAll(TENANT, requests).forEach(c -> created.add(c.task().id()));
        }
        assertThat(created).hasSize(n);
        Queue<Task> claimed = new ConcurrentLinkedQueue<>();
        long started = System.nanoTime();

        List<Throwable> errors = race(CLAIMERS, thread -> {
            int limit = 1 + thread % 4 * 3; // batches of 1, 4, 7 and 10
            while (true) {
                List<Task> got = work.claim(new ClaimRequest(TENANT, List.of(), limit, "w" + thread, null, 0));
                if (got.isEmpty()) {
                    return;
                }
                claimed.addAll(got);
            }
        });

        System.out.printf("[RaceContract] %s: %d claimed in %d ms; tasks per worker %s%n", capabilities().name(),
                claimed.size(), (System.nanoTime() - started) / 1_000_000, new java.util.TreeMap<>(claimed.stream()
                        .collect(java.util.stream.Collectors.groupingBy(Task::leaseOwner, java.util.stream.Collectors.counting()))));
        assertThat(errors).as("exceptions thrown by claiming threads").isEmpty();
        List<UUID> ids = claimed.stream().map(Task::id).toList();
        assertThat(ids).as("no task claimed twice").doesNotHaveDuplicates();
        assertThat(new HashSet<>(ids)).as("every task claimed").isEqualTo(created);
        assertThat(claimed).allSatisfy(t -> {
            assertThat(t.status()).isEqualTo(TaskStatus.PROCESSING);
            assertThat(t.retryCount()).isEqualTo(1);
            assertThat(t.version()).isEqualTo(1);
        });
        TaskStats stats = tasks.stats(TENANT);
        assertThat(stats.counts().stream().filter(c -> c.status() == TaskStatus.PROCESSING)
                .mapToLong(TaskStats.Count::count).sum()).isEqualTo(n);
        assertThat(stats.counts().stream().filter(c -> c.status() == TaskStatus.PENDING)
                .mapToLong(TaskStats.Count::count).sum()).isZero();
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    public void concurrentRecordsOfOneLedgerKey_neverLoseAnIncrement_andKeepOneRow() throws Exception {
        List<Throwable> errors = race(LEDGER_THREADS, thread -> {
            for (int i = 0; i < LEDGER_RECORDS_EACH; i++) {
                ledger.record(new LedgerRecord(TENANT, "race", "ark:/1/one-key", i % 2 == 0 ? LedgerStatus.OK
                        : LedgerStatus.FAIL, "t" + thread + "#" + i));
            }
        });

        assertThat(errors).as("exceptions thrown by recording threads").isEmpty();
        LedgerEntry entry = ledger.get(TENANT, "race", "ark:/1/one-key").orElseThrow();
        assertThat(entry.retries()).isEqualTo(LEDGER_THREADS * LEDGER_RECORDS_EACH - 1);
        assertThat(ledger.list(new LedgerQuery(TENANT, "race", null, null, 100, null)).items()).hasSize(1);
        assertThat(ledger.summary(TENANT, "race").getFirst().total()).isEqualTo(1);
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    public void concurrentBatchesOfTheSameNewItems_neverLoseAnIncrement() throws Exception {
        int threads = 6, items = 300;
        List<Throwable> errors = race(threads, thread -> {
            List<LedgerRecord> batch = new ArrayList<>();
            for (int i = 0; i < items; i++) { // each thread starts elsewhere, so batches meet on different keys
                int item = (i + thread * 50) % items;
                batch.add(new LedgerRecord(TENANT, "batch-race", "ark:/1/b" + item, LedgerStatus.OK, "t" + thread));
            }
            if (thread % 2 == 1) {
                Collections.reverse(batch);
            }
            ledger.recordAll(batch);
        });

        assertThat(errors).as("exceptions thrown by recording threads").isEmpty();
        List<LedgerEntry> entries = ledger.list(new LedgerQuery(TENANT, "batch-race", null, null, 1_000, null)).items();
        assertThat(entries).hasSize(items);
        assertThat(entries).extracting(LedgerEntry::retries).containsOnly(threads - 1);
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    public void concurrentRecordsOfDistinctItems_eachAnsweredWithItsOwnEntry() throws Exception {
        List<Throwable> errors = race(LEDGER_THREADS, thread -> {
            for (int i = 0; i < LEDGER_RECORDS_EACH; i++) {
                String item = "ark:/1/t" + thread + "-" + i;
                LedgerStatus status = (thread + i) % 3 == 0 ? LedgerStatus.FAIL : LedgerStatus.OK;
                LedgerEntry answer = ledger.record(new LedgerRecord(TENANT, "spread", item, status, "n" + thread + "/" + i));
                assertThat(answer.taskItem()).isEqualTo(item);
                assertThat(answer.status()).isEqualTo(status);
                assertThat(answer.note()).isEqualTo("n" + thread + "/" + i);
                assertThat(answer.retries()).isZero();
            }
        });

        assertThat(errors).as("exceptions thrown by recording threads").isEmpty();
        assertThat(ledger.summary(TENANT, "spread").stream().mapToLong(s -> s.total()).sum())
                .isEqualTo(LEDGER_THREADS * LEDGER_RECORDS_EACH);
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    public void concurrentCreatesWithTheSameIdempotencyKeys_createOneTaskPerKey() throws Exception {
        int keys = 20;
        Queue<TaskService.Created> outcomes = new ConcurrentLinkedQueue<>();

        List<Throwable> errors = race(CLAIMERS, thread -> {
            for (int k = 0; k < keys; k++) {
                int key = (k + thread) % keys; // threads walk the keys from different starting points
                outcomes.add(tasks.create(TENANT, new TaskSpec("mail", "{\"t\":" + thread + "}", null, Map.of(), null,
                        null, null, null, null, "key-" + key, false)));
            }
        });

        assertThat(errors).as("exceptions thrown by creating threads").isEmpty();
        assertThat(outcomes).hasSize(keys * CLAIMERS);
        assertThat(outcomes.stream().filter(TaskService.Created::created).count()).as("creates that made a task")
                .isEqualTo(keys);
        assertThat(outcomes.stream().map(c -> c.task().id()).distinct().count()).isEqualTo(keys);
        assertThat(tasks.stats(TENANT).counts().stream().mapToLong(TaskStats.Count::count).sum()).isEqualTo(keys);
    }
}
