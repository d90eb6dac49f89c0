package dev.taskledger.client;

import dev.taskledger.protocol.TaskDto;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A {@link Worker} with a shared worker's key ({@code TASKLEDGER_WORKER_KEYS}) against a real in-process server: it
 * claims every tenant's tasks, fairly, and completes each under its own tenant ({@link TaskledgerClient#forTenant}).
 */
class SharedWorkerTest extends SharedServerTest {
    private static final Duration LONG = Duration.ofSeconds(30);

    @Test
    void aSharedWorker_servesEveryTenant_andASmallTenantIsNotStuckBehindABigBacklog() {
        String type = TestServer.newType();
        TaskledgerClient globex = server.client(TestServer.GLOBEX_KEY);
        client.createBatch(IntStream.range(0, 300).mapToObj(i -> NewTask.of(type).build()).toList());
        List<TaskDto> small = globex.createBatch(IntStream.range(0, 5).mapToObj(i -> NewTask.of(type).build()).toList());
        List<String> order = new CopyOnWriteArrayList<>();
        Map<String, AtomicInteger> byTenant = new ConcurrentHashMap<>();

        TaskledgerClient shared = server.client(TestServer.SHARED_WORKER_KEY);
        try (Worker w = Worker.builder(shared).types(type).concurrency(4).pollWait(Duration.ofSeconds(1)).handler(t -> {
            order.add(t.task().tenant());
            byTenant.computeIfAbsent(t.task().tenant(), k -> new AtomicInteger()).incrementAndGet();
            t.progress(50, "halfway"); // a heartbeat under the task's own tenant
            return Map.of("by", "shared");
        }).build().start()) {
            await().atMost(LONG).until(() -> order.size() == 305 && w.inFlight() == 0);
        }
        assertThat(byTenant.get("acme").get()).isEqualTo(300);
        assertThat(byTenant.get("globex").get()).isEqualTo(5);
        int lastGlobex = order.lastIndexOf("globex");
        assertThat(lastGlobex).as("globex's 5 tasks are among the first handled, not after acme's 300").isLessThan(60);
        for (TaskDto t : small) {
            assertThat(globex.get(t.id()).status()).isEqualTo("completed");
            assertThat(globex.result(t.id()).result()).isEqualTo("{\"by\":\"shared\"}");
        }
        assertThat(client.listAll(TaskFilter.status("completed").withType(type)).count()).isEqualTo(300);
    }
}
