package dev.taskledger.client;

import dev.taskledger.protocol.EventDto;
import dev.taskledger.protocol.TaskDto;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@link Worker} while its server is down (stopped, then started again on the same port and database): a
 * completion that cannot be delivered is retried for as long as the task's lease lasts, so it arrives once the server
 * is back and the task is not run a second time; once the lease has run out it is dropped.
 */
class WorkerOutageTest {

    @Test
    void aCompletionPendingWhileTheServerIsDown_arrivesWhenItIsBack_andTheHandlerRunsOnce() throws Exception {
        try (TestServer server = TestServer.start()) {
            TaskledgerClient client = server.acme();
            String type = TestServer.newType();
            TaskDto task = client.create(NewTask.of(type).leaseSeconds(60).build());
            AtomicInteger runs = new AtomicInteger();
            CountDownLatch finish = new CountDownLatch(1);

            try (Worker worker = Worker.builder(client).types(type).pollWait(Duration.ofSeconds(1)).handler(t -> {
                runs.incrementAndGet();
                finish.await();
                return Map.of("done", true);
            }).build().start()) {
                await().atMost(Duration.ofSeconds(20)).until(() -> runs.get() == 1);
                server.stop();
                finish.countDown(); // the handler returns while the server is down

                // longer than the worker used to retry a completion: ~11 s per request, as a batch and then alone
                await().during(Duration.ofSeconds(25)).atMost(Duration.ofSeconds(35)).until(() -> worker.inFlight() == 1);
                server.restart();

                await().atMost(Duration.ofSeconds(20)).until(() -> client.get(task.id()).status().equals("completed"));
                assertThat(runs.get()).as("handler runs").isEqualTo(1);
            }
            assertThat(client.events(task.id())).extracting(EventDto::status).containsExactly("completed", "processing", "pending");
            assertThat(client.result(task.id()).result()).isEqualTo("{\"done\":true}");
        }
    }

    @Test
    void aCompletionIsDropped_onceTheLeaseHasRunOut_whileTheServerIsDown() throws Exception {
        try (TestServer server = TestServer.start()) {
            TaskledgerClient client = server.acme();
            String type = TestServer.newType();
            client.create(NewTask.of(type).leaseSeconds(3).build());
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch finish = new CountDownLatch(1);

            try (Worker worker = Worker.builder(client).types(type).pollWait(Duration.ofSeconds(1)).handler(t -> {
                started.countDown();
                finish.await();
                return "late";
            }).build().start()) {
                assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();
                long claimed = System.nanoTime();
                server.stop();
                finish.countDown();

                await().atMost(Duration.ofSeconds(8)).until(() -> worker.inFlight() == 0);
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - claimed)).as("dropped once the 3 s lease ran out")
                        .isGreaterThanOrEqualTo(2_000);
                assertThat(worker.stats().tasksCompleted()).isZero();
            }
        }
    }
}
