package dev.taskledger.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskledger.jobs.ManualLoopClock;
import dev.taskledger.queue.Task;
import dev.taskledger.queue.TaskQuery;
import dev.taskledger.schedule.ScheduleEvent;
import dev.taskledger.server.config.Config;
import dev.taskledger.testkit.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three service nodes ({@link Application}s, each with its own scheduler loop) on one database fire a one-second
 * schedule over {@value #FIRE_TIMES} fire times, one node being killed in the middle of a step: every fire time gives
 * exactly one task, none missed, none doubled. The nodes' scheduler loops wait on {@link ManualLoopClock}s and fire
 * by one shared {@link MutableClock}, so the test steps through the fire times in seconds instead of minutes, on the
 * production code path (BackgroundLoop → ScheduleFiring → ScheduleService → the store). All three wake at each step
 * and race for the same fire time, as nodes with synchronised clocks do; the database picks the winner.
 */
class ScheduleMultiNodeTest {
    private static final int FIRE_TIMES = 220;
    private static final int KILL_AT = 100;
    private static final Duration TICK = Duration.ofSeconds(1);

    private Backend backend;
    private final List<Application> nodes = new ArrayList<>();

    @AfterEach
    void stop() {
        nodes.forEach(Application::close);
        if (backend != null) {
            backend.cleanup();
        }
    }

    @Test
    void postgres_threeNodes_oneKilled_eachFireTimeOnce() throws Exception {
        proveExactlyOnce(Backend::postgres);
    }

    @Test
    void mariadb_threeNodes_oneKilled_eachFireTimeOnce() throws Exception {
        proveExactlyOnce(Backend::mariadb);
    }

    private void proveExactlyOnce(Supplier<Backend> database) throws InterruptedException {
        backend = database.get();
        Map<String, String> env = new HashMap<>(backend.env());
        env.put("PORT", "0");
        env.put("TASKLEDGER_SCHEDULER_POLL_MS", "1000");
        MutableClock fireClock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
        List<ManualLoopClock> loops = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ManualLoopClock loop = new ManualLoopClock();
            loops.add(loop);
            nodes.add(Application.start(Config.fromEnv(env), Clock.systemUTC(), new Application.SchedulerClocks(fireClock, loop)));
        }
        for (ManualLoopClock loop : loops) {
            loop.awaitIdle(1); // each scheduler loop waits for its first step
        }
        Api api = new Api(URI.create("http://127.0.0.1:" + nodes.getFirst().port()), Map.of());
        String type = "multi-node-" + UUID.randomUUID().toString().substring(0, 8);
        JsonNode schedule = api.post("/api/v1/schedules", "{\"name\":\"" + type + "\",\"every\":\"PT1S\",\"task\":{\"type\":\""
                + type + "\"}}").expect(201);
        UUID id = UUID.fromString(schedule.path("id").asText());
        Instant firstFire = Instant.parse(schedule.path("next_fire_at").asText());

        Set<Integer> alive = new TreeSet<>(Set.of(0, 1, 2));
        for (int step = 1; step <= FIRE_TIMES; step++) {
            fireClock.advance(TICK);
            for (int n : alive) {
                loops.get(n).advance(TICK); // the nodes' steps run now, at the same time
            }
            if (step == KILL_AT) {
                // killed mid-step: its database connections close under the fire it is running, then the rest stops
                nodes.get(1).store().close();
                nodes.get(1).close();
                alive.remove(1);
            }
            for (int n : alive) {
                loops.get(n).awaitIdle(1);
            }
        }

        Application survivor = nodes.getFirst();
        List<ScheduleEvent> events = survivor.store().inTransaction(tx -> tx.schedules().events(id, 10_000));
        List<Instant> fired = new ArrayList<>();
        Set<UUID> firedTasks = new HashSet<>();
        for (ScheduleEvent e : events) {
            if (e.kind().equals("fired")) {
                JsonNode detail = Reply.tree(e.detail());
                fired.add(Instant.parse(detail.path("fire_time").asText()));
                firedTasks.add(UUID.fromString(detail.path("task_id").asText()));
            }
        }
        List<Instant> expected = new ArrayList<>();
        for (Instant t = firstFire; !t.isAfter(fireClock.instant()); t = t.plus(TICK)) {
            expected.add(t);
        }
        assertThat(expected).hasSizeGreaterThanOrEqualTo(FIRE_TIMES - 1);
        assertThat(fired).as("fire times fired").hasSize(expected.size()).containsExactlyInAnyOrderElementsOf(expected);
        List<Task> tasks = survivor.store().inTransaction(tx -> tx.tasks().list(
                new TaskQuery("default", null, type, null, null, null, 1000, null))).items();
        assertThat(tasks).as("tasks created").hasSize(expected.size());
        assertThat(firedTasks).containsExactlyInAnyOrderElementsOf(tasks.stream().map(Task::id).toList());
        assertThat(events).filteredOn(e -> e.kind().equals("skipped")).isEmpty();
    }
}
