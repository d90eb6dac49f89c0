package dev.taskledger.store.mongo;

import dev.taskledger.queue.Task;
import dev.taskledger.queue.TaskClaim;
import dev.taskledger.queue.TaskStatus;
import dev.taskledger.queue.spi.NewTaskRow;
import dev.taskledger.store.StoreTx;
import dev.taskledger.testkit.SampleTasks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static dev.taskledger.testkit.SampleTasks.T0;
import static dev.taskledger.testkit.SampleTasks.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

/** Claims racing at the store level: every task exactly once, each with the lease its own lease_seconds give. */
class MongoClaimRaceTest extends MongoStoreTestSupport {
    private static final int TASKS = 2_000; // with mixed types, priorities, run_at and leases (the contract race has none of these)
    private static final int CLAIMERS = 8;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void eightClaimers_take2000Tasks_eachExactlyOnce_withTheirOwnLease() throws Exception {
        Set<UUID> created = new HashSet<>();
        for (int batch = 0; batch < TASKS / 1_000; batch++) {
            List<Task> tasks = new ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                int n = batch * 1_000 + i;
                tasks.add(SampleTasks.pending(n % 3 == 0 ? "mail" : "sms").priority(n % 7).leaseSeconds(60 + n % 4)
                        .runAt(T0.minusMillis(n % 11)).build());
            }
            store.inTransaction((StoreTx tx) -> tx.insertTasks(NewTaskRow.withoutEvents(tasks), null)).forEach(i -> created.add(i.task().id()));
        }
        Queue<Task> claimed = new ConcurrentLinkedQueue<>();
        Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(CLAIMERS);
        for (int w = 0; w < CLAIMERS; w++) {
            int worker = w;
            pool.execute(() -> {
                try {
                    start.await();
                    int limit = 1 + worker % 4 * 3;
                    List<String> types = worker % 2 == 0 ? List.of() : List.of("mail", "sms");
                    while (true) {
                        TaskClaim c = new TaskClaim(TENANT, types, limit, "w" + worker, "tok-" + worker + "-" + UUID.randomUUID(), null, T0);
                        List<Task> got = tx(tx -> tx.tasks().claim(c));
                        if (got.isEmpty()) {
                            return;
                        }
                        claimed.addAll(got);
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            });
        }
        start.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(110, TimeUnit.SECONDS)).isTrue();

        assertThat(errors).isEmpty();
        List<UUID> ids = claimed.stream().map(Task::id).toList();
        assertThat(ids).doesNotHaveDuplicates();
        assertThat(new HashSet<>(ids)).isEqualTo(created);
        assertThat(claimed).allSatisfy(t -> {
            assertThat(t.status()).isEqualTo(TaskStatus.PROCESSING);
            assertThat(t.version()).isEqualTo(1);
            assertThat(t.retryCount()).isEqualTo(1);
            assertThat(t.leaseExpiresAt()).isEqualTo(T0.plusSeconds(t.leaseSeconds()));
        });
    }

    @Test
    void oneClaimer_getsTasksInClaimOrder_acrossWindows() {
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            tasks.add(SampleTasks.pending("mail").priority(i % 4).runAt(T0.minusSeconds(i % 3)).leaseSeconds(10 + i).build());
        }
        tx(tx -> tx.insertTasks(NewTaskRow.withoutEvents(tasks), null));
        List<UUID> expected = tasks.stream().sorted(java.util.Comparator.comparingInt(Task::priority).reversed()
                .thenComparing(Task::runAt).thenComparing(Task::id)).map(Task::id).toList();

        List<Task> got = tx(tx -> tx.tasks().claim(new TaskClaim(TENANT, List.of(), 60, "w", "tok", null, T0)));

        assertThat(got).extracting(Task::id).containsExactlyElementsOf(expected);
    }
}
