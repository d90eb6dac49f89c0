package dev.taskledger.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskledger.server.config.Config;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two service nodes ({@link Application}s) on one database: a claim long-polling on node B returns promptly when
 * node A creates a task. Where the database notifies (PostgreSQL LISTEN/NOTIFY) B's polling interval is set to 20 s,
 * so only the notification can wake it; elsewhere B finds the task by polling (TASKLEDGER_POLL_MS, default 250).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CrossNodeWakeUpContract {
    private static final int ROUNDS = 5;

    private Backend backend;
    private Application nodeA;
    private Application nodeB;

    protected abstract Backend newBackend();

    /** Whether the backend wakes other nodes itself (then polling is all but switched off for the test). */
    protected abstract boolean notifies();

    /** The slowest wake-up accepted. */
    protected abstract long maxLatencyMs();

    @BeforeAll
    void startTwoNodes() {
        backend = newBackend();
        Map<String, String> env = new HashMap<>(backend.env());
        env.put("PORT", "0");
        if (notifies()) {
            env.put("TASKLEDGER_POLL_MS", "20000");
        }
        nodeA = Application.start(Config.fromEnv(env));
        nodeB = Application.start(Config.fromEnv(env));
    }

    @AfterAll
    void stop() {
        if (nodeB != null) {
            nodeB.close();
        }
        if (nodeA != null) {
            nodeA.close();
        }
        if (backend != null) {
            backend.cleanup();
        }
    }

    @Test
    void aClaimLongPollingOnOneNode_returnsPromptly_whenAnotherNodeCreatesATask() throws Exception {
        Api a = new Api(URI.create("http://127.0.0.1:" + nodeA.port()), Map.of());
        Api b = new Api(URI.create("http://127.0.0.1:" + nodeB.port()), Map.of());
        List<Long> latencies = new ArrayList<>();
        List<Long> afterCommit = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            String type = "wake-" + UUID.randomUUID().toString().substring(0, 8);
            CompletableFuture<Reply> claim = b.postAsync("/api/v1/tasks/claim",
                    "{\"types\":[\"" + type + "\"],\"worker\":\"b\",\"wait_seconds\":10}");
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(2))
                    .until(() -> nodeB.waitingClaims() == 1); // node B's claim is waiting
            long created = System.nanoTime();
            JsonNode task = a.post("/api/v1/tasks", "{\"type\":\"" + type + "\"}").expect(201);
            long answered = System.nanoTime();
            Reply reply = claim.get(15, TimeUnit.SECONDS);
            long claimed = System.nanoTime();
            latencies.add(TimeUnit.NANOSECONDS.toMillis(claimed - created));
            afterCommit.add(TimeUnit.NANOSECONDS.toMillis(claimed - answered));

            JsonNode tasks = reply.expect(200).path("tasks");
            assertThat(tasks.size()).as("tasks claimed on node B").isEqualTo(1);
            assertThat(tasks.get(0).path("id").asText()).isEqualTo(task.path("id").asText());
        }
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        System.err.printf("cross-node wake-up on %s (%s): create sent to A -> claim answered by B in %s ms (median %d ms);"
                        + " after A answered the create: %s ms%n", nodeA.store().capabilities().name(),
                notifies() ? "LISTEN/NOTIFY, polling every 20 s" : "polling every 250 ms", latencies, sorted.get(sorted.size() / 2),
                afterCommit);
        assertThat(sorted.getLast()).as("slowest wake-up in ms").isLessThan(maxLatencyMs());
    }
}
