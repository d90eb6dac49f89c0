package dev.taskledger.client;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The {@link Worker}'s default, adaptive prefetch ({@link PrefetchPolicy}) against a real in-process server. */
class AdaptivePrefetchTest extends SharedServerTest {
    private static final Duration LONG = Duration.ofSeconds(30);

    private WorkerBuilder worker(String type, TaskHandler handler) {
        return Worker.builder(client).types(type).handler(handler).pollWait(Duration.ofSeconds(1)).concurrency(2);
    }

    private long count(String status, String type) {
        return client.listAll(TaskFilter.status(status).withType(type)).count();
    }

    private void create(String type, int n) {
        for (int done = 0; done < n; done += 1_000) {
            client.createBatch(IntStream.range(done, Math.min(n, done + 1_000)).mapToObj(i -> NewTask.of(type).build()).toList());
        }
    }

    @Test
    void aDeepQueueOfShortTasks_isClaimedMoreThanTheFreeSlotsAtATime() {
        String type = TestServer.newType();
        create(type, 1_500);

        WorkerStats stats;
        try (Worker w = worker(type, t -> null).build().start()) {
            await().atMost(LONG).until(() -> w.stats().tasksCompleted() == 1_500);
            stats = w.stats();
        }
        // without prefetch each claim would ask for at most the 2 handler slots
        assertThat(stats.averageClaim()).isGreaterThan(4);
        assertThat(count("completed", type)).isEqualTo(1_500);
    }

    @Test
    void whileNoHandlerHasFinished_nothingIsPrefetched() {
        String type = TestServer.newType();
        create(type, 10);
        CountDownLatch release = new CountDownLatch(1);

        try (Worker w = worker(type, t -> {
            release.await();
            return null;
        }).build().start()) {
            await().atMost(LONG).until(() -> count("processing", type) == 2);
            await().during(Duration.ofMillis(500)).atMost(LONG).until(() -> count("processing", type) == 2 && w.inFlight() == 2);
            release.countDown();
            await().atMost(LONG).until(() -> count("completed", type) == 10);
        }
    }

    @Test
    void handlersThatTurnLong_stopTheClaims_andCloseHandsBackWhatWaits() {
        String type = TestServer.newType();
        create(type, 300);
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch never = new CountDownLatch(1);

        // a lease of 3 s: waiting tasks must start within 300 ms, so two handlers running for 600 ms leave no room
        Worker w = worker(type, t -> {
            if (calls.incrementAndGet() > 100) {
                never.await();
            }
            return null;
        }).leaseSeconds(3).build().start();
        try {
            await().atMost(LONG).until(() -> calls.get() > 100 && count("completed", type) == 100);
            await().pollDelay(Duration.ofMillis(700)).atMost(LONG).until(() -> true);
            long claims = w.stats().claimRequests();
            int held = w.inFlight();
            await().during(Duration.ofSeconds(1)).atMost(LONG)
                    .until(() -> w.stats().claimRequests() == claims && w.inFlight() == held);
            // what it holds: the two running handlers and at most what the window allowed before they turned long
            assertThat(held).isBetween(2, 2 + PrefetchPolicy.maxAdaptive(2));
            assertThat(count("processing", type)).isEqualTo(held);
        } finally {
            w.shutdown(Duration.ofMillis(300));
        }
        // the waiting ones were handed back at once; the two interrupted handlers keep theirs until the lease ends
        assertThat(count("processing", type)).isEqualTo(2);
        assertThat(count("pending", type)).isEqualTo(300 - 100 - 2);
    }
}
