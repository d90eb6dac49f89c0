package dev.taskledger.client;

import dev.taskledger.protocol.EventDto;
import dev.taskledger.protocol.Json;
import dev.taskledger.protocol.TaskDto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The {@link Worker} runtime against a real in-process server (SQLite): results, limits, cancel, crash, retry, shutdown. */
class WorkerTest extends SharedServerTest {
    private static final Duration LONG = Duration.ofSeconds(20);

    private WorkerBuilder worker(String type, TaskHandler handler) {
        return Worker.builder(client).types(type).handler(handler).pollWait(Duration.ofSeconds(1));
    }

    private String status(String id) {
        return client.get(id).status();
    }

    @ParameterizedTest(name = "batchReports={0}")
    @ValueSource(booleans = {true, false})
    void completesEachTaskWithTheHandlersResult(boolean batchReports) throws Exception {
        String type = TestServer.newType();
        List<TaskDto> tasks = client.createBatch(IntStream.range(0, 25)
                .mapToObj(i -> NewTask.of(type).payload(Map.of("i", i)).build()).toList());

        try (Worker w = worker(type, t -> Map.of("double", t.payload().path("i").asInt() * 2))
                .concurrency(4).batchReports(batchReports).build().start()) {
            await().atMost(LONG).until(() -> client.listAll(TaskFilter.status("completed").withType(type)).count() == 25);
        }
        for (TaskDto t : tasks) {
            int i = Json.mapper().readTree(t.payload()).path("i").asInt();
            assertThat(client.result(t.id()).result()).isEqualTo("{\"double\":" + i * 2 + "}");
        }
    }

    @Test
    void neverRunsMoreHandlersAtOnceThanItsConcurrency() {
        String type = TestServer.newType();
        client.createBatch(IntStream.range(0, 30).mapToObj(i -> NewTask.of(type).build()).toList());
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();

        try (Worker w = worker(type, t -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            Thread.sleep(20); // some work, so that handlers overlap
            running.decrementAndGet();
            return null;
        }).concurrency(3).build().start()) {
            await().atMost(LONG).until(() -> client.listAll(TaskFilter.status("completed").withType(type)).count() == 30);
        }
        assertThat(most.get()).isBetween(1, 3);
    }

    @Test
    void prefetchedTasks_areClaimedAhead_butWaitForAFreeSlot_inClaimOrder() {
        String type = TestServer.newType();
        List<TaskDto> tasks = client.createBatch(IntStream.range(0, 3).mapToObj(i -> NewTask.of(type).payload(Map.of("i", i)).build()).toList());
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<Integer> order = new CopyOnWriteArrayList<>();

        try (Worker w = worker(type, t -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            order.add(t.payload().path("i").asInt());
            release.await();
            running.decrementAndGet();
            return null;
        }).concurrency(1).prefetch(2).build().start()) {
            await().atMost(LONG).until(() -> client.listAll(TaskFilter.status("processing").withType(type)).count() == 3);
            assertThat(w.inFlight()).isEqualTo(3);
            assertThat(order).hasSize(1); // one handler runs, two claimed tasks wait
            release.countDown();
            await().atMost(LONG).until(() -> client.listAll(TaskFilter.status("completed").withType(type)).count() == 3);
        }
        assertThat(most.get()).isEqualTo(1);
        assertThat(order).containsExactly(0, 1, 2);
        assertThat(tasks).allSatisfy(t -> assertThat(client.events(t.id())).extracting(EventDto::status)
                .containsExactly("completed", "processing", "pending"));
    }

    @Test
    void withoutPrefetch_aBusyWorkerClaimsNothingMore() {
        String type = TestServer.newType();
        client.createBatch(IntStream.range(0, 3).mapToObj(i -> NewTask.of(type).build()).toList());
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);

        try (Worker w = worker(type, t -> {
            started.countDown();
            release.await();
            return null;
        }).concurrency(1).prefetch(0).build().start()) {
            await().atMost(LONG).until(() -> started.getCount() == 0);
            await().during(Duration.ofMillis(500)).atMost(LONG)
                    .until(() -> client.listAll(TaskFilter.status("processing").withType(type)).count() == 1);
            release.countDown();
            await().atMost(LONG).until(() -> client.listAll(TaskFilter.status("completed").withType(type)).count() == 3);
        }
    }

    @Test
    void aPrefetchedTaskCancelledWhileWaiting_neverRuns_andIsNotReported() {
        String type = TestServer.newType();
        TaskDto first = client.create(type, Map.of("n", 1));
        TaskDto second = client.create(type, Map.of("n", 2));
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> ran = new CopyOnWriteArrayList<>();

        try (Worker w = worker(type, t -> {
            ran.add(t.payload().path("n").asInt());
            release.await();
            return "done";
        }).concurrency(1).prefetch(1).heartbeatInterval(Duration.ofMillis(100)).build().start()) {
            await().atMost(LONG).until(() -> status(second.id()).equals("processing") && ran.size() == 1);
            client.cancel(second.id());
            await().atMost(LONG).until(() -> w.stats().tasksDropped() == 1); // the heartbeat learnt of the cancel
            release.countDown();
            await().atMost(LONG).until(() -> status(first.id()).equals("completed") && w.inFlight() == 0);
        }
        assertThat(ran).containsExactly(1);
        assertThat(status(second.id())).isEqualTo("cancelled");
        assertThat(client.events(second.id())).extracting(EventDto::status).containsExactly("cancelled", "processing", "pending");
    }

    @Test
    void aCancelledTask_hasItsHandlerInterrupted_andIsNotReported() {
        String type = TestServer.newType();
        TaskDto task = client.create(type, Map.of());
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        AtomicBoolean sawCancelled = new AtomicBoolean();

        try (Worker w = worker(type, t -> {
            started.countDown();
            try {
                Thread.sleep(Duration.ofMinutes(1));
            } catch (InterruptedException e) {
                interrupted.set(true);
                sawCancelled.set(t.isCancelled() && "cancelled".equals(t.stopReason()));
                throw e;
            }
            return "never";
        }).leaseSeconds(1).build().start()) {
            await().atMost(LONG).until(() -> started.getCount() == 0);
            client.cancel(task.id());

            await().atMost(LONG).untilTrue(interrupted);
            await().atMost(LONG).until(() -> w.inFlight() == 0);
        }
        assertThat(sawCancelled).isTrue();
        assertThat(status(task.id())).isEqualTo("cancelled");
        assertThat(client.events(task.id())).extracting(EventDto::status).containsExactly("cancelled", "processing", "pending");
    }

    @Test
    void aHandlerStillRunningAtItsTimeout_isInterrupted_evenWhileHeartbeating_andTheAttemptFailsTimedOut() {
        String type = TestServer.newType();
        TaskDto task = client.create(NewTask.of(type).timeoutSeconds(2).maxAttempts(1).build());
        AtomicBoolean interrupted = new AtomicBoolean();
        AtomicReference<String> reason = new AtomicReference<>();
        long[] ranNanos = new long[1];

        try (Worker w = worker(type, t -> {
            long start = System.nanoTime();
            try {
                Thread.sleep(Duration.ofMinutes(1)); // heartbeated every 1/3 s meanwhile: the lease never runs out
            } catch (InterruptedException e) {
                ranNanos[0] = System.nanoTime() - start;
                reason.set(t.stopReason());
                interrupted.set(true);
                throw e;
            }
            return "never";
        }).leaseSeconds(1).build().start()) {
            await().atMost(LONG).untilTrue(interrupted);
            await().atMost(LONG).until(() -> w.inFlight() == 0);
            assertThat(w.stats().tasksDropped()).isEqualTo(1);
        }
        assertThat(reason.get()).isEqualTo("timed out");
        assertThat(Duration.ofNanos(ranNanos[0])).as("stopped at the deadline, not at the end of its work")
                .isBetween(Duration.ofMillis(1_500), Duration.ofSeconds(5));
        await().atMost(LONG).until(() -> status(task.id()).equals("failed"));
        assertThat(client.get(task.id()).error()).isEqualTo("timed out");
        assertThat(client.events(task.id()).getFirst().actor()).isEqualTo("SYSTEM");
    }

    @Test
    void aKilledWorkersTask_isFinishedByAnotherWorkerOnceItsLeaseExpires() {
        String type = TestServer.newType();
        TaskDto task = client.create(NewTask.of(type).maxAttempts(3).build());
        CountDownLatch started = new CountDownLatch(1);

        Worker crashed = worker(type, t -> {
            started.countDown();
            new CountDownLatch(1).await(); // hangs until the "crash" interrupts it
            return "never";
        }).workerId("doomed").leaseSeconds(1).concurrency(1).prefetch(0).build().start();
        // concurrency 1 without prefetch: no claim of the doomed worker is outstanding while its task runs. (A dead
        // worker's long-poll still waiting on the server could claim the rescued task once more; at-least-once
        // allows that, but this test counts attempts.)
        await().atMost(LONG).until(() -> started.getCount() == 0);
        crashed.shutdownNow(); // no more heartbeats, nothing reported: as if the process died

        try (Worker rescuer = worker(type, t -> Map.of("by", t.workerId())).workerId("rescuer").build().start()) {
            await().atMost(LONG).until(() -> status(task.id()).equals("completed"));
        }
        TaskDto done = client.get(task.id());
        assertThat(done.retryCount()).isEqualTo(2);
        assertThat(client.result(task.id()).result()).isEqualTo("{\"by\":\"rescuer\"}");
        List<EventDto> events = client.events(task.id());
        assertThat(events).extracting(EventDto::status).containsExactly("completed", "processing", "pending", "processing", "pending");
        assertThat(events.get(2).actor()).isEqualTo("SYSTEM");
        assertThat(events.get(2).detail()).contains("lease expired");
        assertThat(events).filteredOn(e -> e.actor().equals("WORKER:doomed")).extracting(EventDto::status).containsExactly("processing");
    }

    @Test
    void aFailingHandler_isRetriedWithBackoff_untilItSucceeds() throws Exception {
        String type = TestServer.newType();
        TaskDto task = client.create(NewTask.of(type).maxAttempts(5).build());

        try (Worker w = worker(type, t -> {
            if (t.attempt() < 3) {
                throw new IllegalStateException("flaky dependency, attempt " + t.attempt());
            }
            return Map.of("attempt", t.attempt());
        }).build().start()) {
            await().atMost(LONG).until(() -> status(task.id()).equals("completed"));
        }
        TaskDto done = client.get(task.id());
        assertThat(done.retryCount()).isEqualTo(3);
        assertThat(client.result(task.id()).result()).isEqualTo("{\"attempt\":3}");
        List<EventDto> events = client.events(task.id()).reversed(); // oldest first
        assertThat(events).extracting(EventDto::status)
                .containsExactly("pending", "processing", "pending", "processing", "pending", "processing", "completed");
        // the server's backoff: about 2 s after the first failure, about 4 s after the second (±10% jitter)
        Duration firstDelay = retryDelay(events.get(2));
        Duration secondDelay = retryDelay(events.get(4));
        assertThat(firstDelay).isBetween(Duration.ofMillis(1_700), Duration.ofMillis(2_300));
        assertThat(secondDelay).isBetween(Duration.ofMillis(3_500), Duration.ofMillis(4_500));
        assertThat(events.get(2).detail()).contains("flaky dependency, attempt 1");
    }

    private static Duration retryDelay(EventDto retryScheduled) throws Exception {
        Instant retryAt = Instant.parse(Json.mapper().readTree(retryScheduled.detail()).path("retry_at").asText());
        return Duration.between(retryScheduled.createdAt(), retryAt);
    }

    @Test
    void aNonRetryableFailure_failsTheTaskAtOnce() {
        String type = TestServer.newType();
        TaskDto bad = client.create(NewTask.of(type).payload(Map.of("kind", "own")).maxAttempts(5).build());
        TaskDto configured = client.create(NewTask.of(type).payload(Map.of("kind", "configured")).maxAttempts(5).build());

        try (Worker w = worker(type, t -> {
            if (t.payload().path("kind").asText().equals("own")) {
                throw new NonRetryableException("the address is invalid");
            }
            throw new IllegalArgumentException("unsupported format");
        }).nonRetryable(IllegalArgumentException.class).build().start()) {
            await().atMost(LONG).until(() -> status(bad.id()).equals("failed") && status(configured.id()).equals("failed"));
        }
        assertThat(client.get(bad.id()).retryCount()).isEqualTo(1);
        assertThat(client.get(bad.id()).error()).contains("the address is invalid");
        assertThat(client.get(configured.id()).error()).contains("unsupported format");
    }

    @Test
    void gracefulShutdown_letsTheTaskInFlightFinish_andClaimsNothingNew() throws Exception {
        String type = TestServer.newType();
        TaskDto first = client.create(type, Map.of("n", 1));
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Worker w = worker(type, t -> {
            started.countDown();
            release.await();
            return "finished";
        }).concurrency(1).prefetch(0).build().start();
        await().atMost(LONG).until(() -> started.getCount() == 0);

        CompletableFuture<Boolean> shutdown = CompletableFuture.supplyAsync(() -> w.shutdown(LONG));
        await().atMost(LONG).until(() -> !w.isRunning());
        TaskDto second = client.create(type, Map.of("n", 2));
        release.countDown();

        assertThat(shutdown.get()).isTrue();
        assertThat(status(first.id())).isEqualTo("completed");
        assertThat(client.result(first.id()).result()).isEqualTo("\"finished\"");
        assertThat(client.get(second.id()).status()).isEqualTo("pending");
        assertThat(client.get(second.id()).retryCount()).isZero();
    }

    @Test
    void gracefulShutdown_handsBackPrefetchedTasksAtOnce_andLetsTheRunningOneFinish() throws Exception {
        String type = TestServer.newType();
        TaskDto first = client.create(type, Map.of("n", 1));
        TaskDto second = client.create(type, Map.of("n", 2));
        TaskDto third = client.create(type, Map.of("n", 3));
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> ran = new CopyOnWriteArrayList<>();
        Worker w = worker(type, t -> {
            ran.add(t.payload().path("n").asInt());
            release.await();
            return "finished";
        }).concurrency(1).prefetch(2).build().start();
        await().atMost(LONG).until(() -> client.listAll(TaskFilter.status("processing").withType(type)).count() == 3 && ran.size() == 1);

        CompletableFuture<Boolean> shutdown = CompletableFuture.supplyAsync(() -> w.shutdown(LONG));
        // the two waiting tasks are back in the queue while the first still runs, their attempts not counted
        await().atMost(LONG).until(() -> client.listAll(TaskFilter.status("pending").withType(type)).count() == 2);
        for (TaskDto waiting : List.of(second, third)) {
            TaskDto back = client.get(waiting.id());
            assertThat(back.retryCount()).as(client.events(waiting.id()).toString()).isZero();
            assertThat(client.events(waiting.id())).extracting(EventDto::status).containsExactly("pending", "processing", "pending");
        }
        assertThat(status(first.id())).isEqualTo("processing");
        release.countDown();

        assertThat(shutdown.get()).isTrue();
        assertThat(ran).containsExactly(1);
        assertThat(status(first.id())).isEqualTo("completed");
        assertThat(w.stats().tasksDropped()).isEqualTo(2);
    }

    @Test
    void aShutdownTimeout_stopsHandlersThatDoNotFinish_withoutReportingThem() {
        String type = TestServer.newType();
        TaskDto task = client.create(type, Map.of());
        CountDownLatch started = new CountDownLatch(1);
        Worker w = worker(type, t -> {
            started.countDown();
            new CountDownLatch(1).await();
            return "never";
        }).build().start();
        await().atMost(LONG).until(() -> started.getCount() == 0);

        assertThat(w.shutdown(Duration.ofMillis(300))).isFalse();
        assertThat(status(task.id())).isEqualTo("processing");
        assertThat(client.events(task.id())).extracting(EventDto::status).containsExactly("processing", "pending");
    }

    @Test
    void progress_isReportedThroughTheHeartbeat() {
        String type = TestServer.newType();
        TaskDto task = client.create(type, Map.of());
        CountDownLatch reported = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);

        try (Worker w = worker(type, t -> {
            t.progress(50, "Half way");
            reported.countDown();
            release.await();
            return null;
        }).build().start()) {
            await().atMost(LONG).until(() -> reported.getCount() == 0);
            TaskDto half = client.get(task.id());
            assertThat(half.progress()).isEqualTo(50);
            assertThat(half.state()).isEqualTo("Half way");
            release.countDown();
            await().atMost(LONG).until(() -> status(task.id()).equals("completed"));
        }
        assertThat(client.events(task.id())).extracting(EventDto::detail).anySatisfy(d -> assertThat(d).contains("\"progress\":50"));
    }
}
