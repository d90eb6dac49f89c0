package dev.taskledger.common;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The mechanics of {@link GroupCommit}, over a database that only counts and records its transactions. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GroupCommitTest {

    /** Runs each transaction's work and records which writes each committed transaction held. */
    static final class CountingDatabase {
        final List<List<Integer>> committed = Collections.synchronizedList(new ArrayList<>());
        final ThreadLocal<List<Integer>> current = new ThreadLocal<>();
        volatile CountDownLatch firstCommitBlockedUntil = new CountDownLatch(0);
        volatile CountDownLatch firstTransactionStarted = new CountDownLatch(1);
        final AtomicInteger transactions = new AtomicInteger();
        volatile int runEachWorkTwice; // simulates a store that retries a transaction

        <T> T inTransaction(Supplier<T> work) {
            int n = transactions.incrementAndGet();
            List<Integer> writes = new ArrayList<>();
            current.set(writes);
            try {
                T result = work.get();
                if (runEachWorkTwice > 0) {
                    writes.clear();
                    result = work.get();
                }
                if (n == 1) {
                    firstTransactionStarted.countDown();
                    await(firstCommitBlockedUntil);
                }
                committed.add(List.copyOf(writes));
                return result;
            } finally {
                current.remove();
            }
        }

        void write(int i) {
            current.get().add(i);
        }

        volatile boolean transactional = true;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static GroupCommit<Integer, String> group(CountingDatabase store, int maxGroup) {
        return group(store, maxGroup, 1);
    }

    private static GroupCommit<Integer, String> group(CountingDatabase store, int maxGroup, int maxRunning) {
        return new GroupCommit<>(maxGroup, maxRunning, store.transactional, inputs -> store.inTransaction(() -> {
            List<String> results = new ArrayList<>();
            for (int i : inputs) {
                if (i < 0) {
                    throw new IllegalArgumentException("bad write " + i);
                }
                if (i == 1_000_000) {
                    throw new AssertionError("write 1000000 fails with an Error");
                }
                store.write(i);
                results.add("done " + i);
            }
            return results;
        }));
    }

    /** Starts callers 1..n while caller 0's transaction is held open; returns their futures (caller 0 first). */
    private static List<Future<String>> queueBehindAHeldTransaction(CountingDatabase store, GroupCommit<Integer, String> g,
                                                                    ExecutorService pool, List<Integer> inputs)
            throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        store.firstCommitBlockedUntil = release;
        List<Future<String>> futures = new ArrayList<>();
        futures.add(pool.submit(() -> g.run(inputs.getFirst())));
        store.firstTransactionStarted.await();
        for (int i = 1; i < inputs.size(); i++) {
            int input = inputs.get(i);
            futures.add(pool.submit(() -> g.run(input)));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (g.queued() < i) { // queued in the order of the inputs, behind the held transaction
                assertThat(System.nanoTime()).as("caller " + i + " queues").isLessThan(deadline);
                Thread.sleep(1);
            }
        }
        release.countDown();
        return futures;
    }

    @Test
    void aStoreWithoutRollback_isRefused() {
        CountingDatabase store = new CountingDatabase();
        store.transactional = false; // a failed group, retried write by write, would apply its first writes twice

        assertThatThrownBy(() -> group(store, 64)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("roll back");
    }

    @Test
    void aLoneCaller_runsItsOwnTransactionAtOnce() {
        CountingDatabase store = new CountingDatabase();

        assertThat(group(store, 64).run(7)).isEqualTo("done 7");

        assertThat(store.committed).containsExactly(List.of(7));
    }

    @Test
    void callersArrivingDuringACommit_shareTheNextTransaction_eachWithItsOwnAnswer() throws Exception {
        CountingDatabase store = new CountingDatabase();
        GroupCommit<Integer, String> g = group(store, 64);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Integer> inputs = List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
            List<Future<String>> answers = queueBehindAHeldTransaction(store, g, pool, inputs);

            for (int i = 0; i < inputs.size(); i++) {
                assertThat(answers.get(i).get()).isEqualTo("done " + i);
            }
        }
        assertThat(store.committed).hasSize(2);
        assertThat(store.committed.get(0)).containsExactly(0);
        assertThat(store.committed.get(1)).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    }

    @Test
    void aGroupHoldsAtMostMaxGroupWrites() throws Exception {
        CountingDatabase store = new CountingDatabase();
        GroupCommit<Integer, String> g = group(store, 4);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> answers = queueBehindAHeldTransaction(store, g, pool, List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
            for (Future<String> a : answers) {
                a.get();
            }
        }
        assertThat(store.committed).allSatisfy(writes -> assertThat(writes.size()).isBetween(1, 4));
        assertThat(store.committed.stream().mapToInt(List::size).sum()).isEqualTo(11);
        assertThat(store.committed).hasSize(1 + 3); // the held one, then 10 queued in groups of 4, 4, 2
    }

    @Test
    void aFailingWrite_failsOnlyItsCaller_theOthersAreCommittedAlone() throws Exception {
        CountingDatabase store = new CountingDatabase();
        GroupCommit<Integer, String> g = group(store, 64);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> answers = queueBehindAHeldTransaction(store, g, pool, List.of(0, 1, -2, 3));

            assertThat(answers.get(1).get()).isEqualTo("done 1");
            assertThatThrownBy(() -> answers.get(2).get()).hasCauseInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("bad write -2");
            assertThat(answers.get(3).get()).isEqualTo("done 3");
        }
        // the group transaction (1, -2, 3) rolled back, then each write ran alone: 1 and 3 committed
        assertThat(store.committed).containsExactly(List.of(0), List.of(1), List.of(3));
    }

    @Test
    void aWriteThrowingAnError_failsOnlyItsCaller_theOthersStillGetTheirAnswers() throws Exception {
        CountingDatabase store = new CountingDatabase();
        GroupCommit<Integer, String> g = group(store, 64);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> answers = queueBehindAHeldTransaction(store, g, pool, List.of(0, 1, 1_000_000, 3));

            assertThat(answers.get(1).get()).isEqualTo("done 1");
            assertThatThrownBy(() -> answers.get(2).get()).hasCauseInstanceOf(AssertionError.class);
            assertThat(answers.get(3).get()).isEqualTo("done 3");
        }
        assertThat(store.committed).containsExactly(List.of(0), List.of(1), List.of(3));
    }

    @Test
    void aStoreThatRunsTheWorkAgain_getsEachWriteOnceInTheCommittedTransaction() throws Exception {
        CountingDatabase store = new CountingDatabase();
        store.runEachWorkTwice = 1;
        GroupCommit<Integer, String> g = group(store, 64);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> answers = queueBehindAHeldTransaction(store, g, pool, List.of(0, 1, 2));
            assertThat(answers.get(2).get()).isEqualTo("done 2");
        }
        assertThat(store.committed).containsExactly(List.of(0), List.of(1, 2));
    }

    @Test
    void withTwoRunners_aSecondCallerDoesNotWaitForTheFirstsCommit() throws Exception {
        CountingDatabase store = new CountingDatabase();
        GroupCommit<Integer, String> g = group(store, 64, 2);
        CountDownLatch release = new CountDownLatch(1);
        store.firstCommitBlockedUntil = release;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<String> first = pool.submit(() -> g.run(0));
            store.firstTransactionStarted.await();

            assertThat(pool.submit(() -> g.run(1)).get(10, TimeUnit.SECONDS)).isEqualTo("done 1");
            Future<String> third = pool.submit(() -> g.run(2)); // both places taken? no: the second finished
            assertThat(third.get(10, TimeUnit.SECONDS)).isEqualTo("done 2");
            assertThat(first.isDone()).isFalse();
            release.countDown();
            assertThat(first.get()).isEqualTo("done 0");
        }
        assertThat(store.committed).containsExactly(List.of(1), List.of(2), List.of(0));
    }

    @Test
    void manyCallers_oneRunner_allAnswered_noneLost() throws Exception {
        assertEveryCallerAnswered(1);
    }

    @Test
    void manyCallers_threeRunners_allAnswered_noneLost() throws Exception {
        assertEveryCallerAnswered(3);
    }

    /** 2,000 callers on 16 threads: each gets its own answer, and every write was committed exactly once. */
    private static void assertEveryCallerAnswered(int maxRunning) throws Exception {
        CountingDatabase store = new CountingDatabase();
        GroupCommit<Integer, String> g = group(store, 8, maxRunning);
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                int input = i;
                answers.add(pool.submit(() -> g.run(input)));
            }
            for (int i = 0; i < answers.size(); i++) {
                assertThat(answers.get(i).get()).isEqualTo("done " + i);
            }
        }
        assertThat(store.committed.stream().flatMap(List::stream).sorted().toList())
                .isEqualTo(IntStream.range(0, 2_000).boxed().toList());
    }
}
