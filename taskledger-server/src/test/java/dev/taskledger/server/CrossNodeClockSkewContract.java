package dev.taskledger.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskledger.server.config.Config;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two service nodes ({@link Application}s) on one database, one whose clock is 20 s ahead and one 20 s behind (as
 * libfaketime would set them): the server's wiring judges leases, readiness and event times by the database's clock,
 * so a worker heartbeating through the slow node keeps its tasks while the fast node's lease rescuer runs, the tasks
 * of a worker that stopped are rescued when their lease expires and are claimable on either node at once, and the
 * events of both nodes carry the database's time.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CrossNodeClockSkewContract {
    private static final Duration SKEW = Duration.ofSeconds(20);
    private static final int LEASE = 2;
    private static final Duration TOLERANCE = Duration.ofMillis(500);

    private Backend backend;
    private Application fast;
    private Application slow;

    protected abstract Backend newBackend();

    @BeforeAll
    void startTwoNodes() {
        backend = newBackend();
        Map<String, String> env = new HashMap<>(backend.env());
        env.put("PORT", "0");
        env.put("TASKLEDGER_LEASE_CHECK_MS", "100");
        fast = Application.start(Config.fromEnv(env), Clock.offset(Clock.systemUTC(), SKEW));
        slow = Application.start(Config.fromEnv(env), Clock.offset(Clock.systemUTC(), SKEW.negated()));
    }

    @AfterAll
    void stop() {
        if (slow != null) {
            slow.close();
        }
        if (fast != null) {
            fast.close();
        }
        if (backend != null) {
            backend.cleanup();
        }
    }

    @Test
    void leasesReadinessAndEventTimes_followTheDatabasesClock_onNodesWhoseClocksDisagree() {
        Api a = new Api(URI.create("http://127.0.0.1:" + fast.port()), Map.of());
        Api b = new Api(URI.create("http://127.0.0.1:" + slow.port()), Map.of());
        Instant start = Instant.now(); // the database runs on this host: its clock is this one
        for (int i = 0; i < 3; i++) {
            a.post("/api/v1/tasks", "{\"type\":\"skew\",\"lease_seconds\":" + LEASE + "}").expect(201);
        }
        JsonNode claimed = b.post("/api/v1/tasks/claim", "{\"types\":[\"skew\"],\"worker\":\"w\",\"limit\":3}").expect(200).path("tasks");
        assertThat(claimed.size()).isEqualTo(3);
        List<String> ids = new ArrayList<>();
        claimed.forEach(t -> ids.add(t.path("id").asText()));

        // heartbeats through the slow node for over two leases, while both nodes' rescuers run every 100 ms
        await().during(Duration.ofSeconds(LEASE * 2 + 1)).atMost(Duration.ofSeconds(LEASE * 2 + 10))
                .pollInterval(Duration.ofMillis(400)).until(() -> {
                    for (JsonNode t : claimed) {
                        b.post("/api/v1/tasks/" + t.path("id").asText() + "/heartbeat",
                                "{\"lease_token\":\"" + t.path("lease_token").asText() + "\"}").expect(200);
                    }
                    return true;
                });
        long lastBeat = System.nanoTime();

        // the worker stops: its tasks are rescued when their leases expire, and are ready at once on the slow node
        await().atMost(Duration.ofSeconds(LEASE + 5)).pollInterval(Duration.ofMillis(50)).until(() ->
                ids.stream().allMatch(id -> b.get("/api/v1/tasks/" + id).expect(200).path("status").asText().equals("pending")));
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastBeat)).as("rescued after the lease")
                .isGreaterThanOrEqualTo(LEASE * 1000L - TOLERANCE.toMillis());
        JsonNode again = b.post("/api/v1/tasks/claim", "{\"types\":[\"skew\"],\"worker\":\"w2\",\"limit\":3}").expect(200).path("tasks");
        assertThat(again.size()).as("claimable at once on the slow node").isEqualTo(3);
        Instant end = Instant.now();

        for (String id : ids) {
            for (JsonNode e : a.get("/api/v1/tasks/" + id + "/events").expect(200).path("events")) {
                assertThat(Instant.parse(e.path("created_at").asText())).as("time of event %s", e)
                        .isBetween(start.minus(TOLERANCE), end.plus(TOLERANCE));
            }
        }
    }
}
