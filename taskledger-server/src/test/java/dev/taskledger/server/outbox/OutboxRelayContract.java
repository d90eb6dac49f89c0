package dev.taskledger.server.outbox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskledger.jobs.ManualLoopClock;
import dev.taskledger.queue.Task;
import dev.taskledger.queue.TaskService;
import dev.taskledger.queue.WorkService;
import dev.taskledger.store.StoreBackend;
import dev.taskledger.testkit.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The outbox relay against a real database and the real RabbitMQ; one nested class per backend. The broker outage
 * (which stops the shared broker) is {@link BrokerOutageContract}, run alone.
 */
public abstract class OutboxRelayContract extends RelayTestSupport {

    @Test
    void everyEvent_arrivesOnce_withItsRoutingKeyMessageIdAndBody_inPerTaskOrder() throws Exception {
        Clock clock = Clock.systemUTC();
        TaskService tasks = tasks(clock);
        WorkService work = work(clock);
        relay(store, amqpBroker("a"), "node-a", clock).start();
        Instant start = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        List<UUID> created = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            created.add(createAndMaybeFinish(tasks, work, "report.daily", i, 3).id());
        }
        Map<UUID, List<UUID>> expected = eventsByTask(created);
        Set<UUID> all = allOf(expected);

        List<Rabbit.Delivered> received = rabbit.awaitReceived(Duration.ofSeconds(20), r -> ids(r).containsAll(all));

        assertThat(ids(received)).containsExactlyInAnyOrderElementsOf(all);
        assertThat(received).hasSize(all.size()); // no outage, so no duplicate
        assertPerTaskOrder(expected, received);
        for (Rabbit.Delivered d : received) {
            JsonNode body = body(d);
            assertThat(body.path("event_id").asText()).isEqualTo(d.messageId());
            assertThat(d.routingKey()).isEqualTo("task.report_daily." + body.path("status").asText());
            assertThat(body.path("type").asText()).isEqualTo("report.daily");
            assertThat(body.path("tenant").asText()).isEqualTo("acme");
            assertThat(UUID.fromString(body.path("task_id").asText())).isIn(created);
            assertThat(body.path("actor").asText()).as("who made the change of %s", body)
                    .isEqualTo(body.path("status").asText().equals("pending") ? "API" : "WORKER:w1");
            assertThat(Instant.parse(body.path("created_at").asText())).isBetween(start, clock.instant());
            assertThat(d.properties().getContentType()).isEqualTo("application/json");
            assertThat(d.properties().getDeliveryMode()).isEqualTo(2);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> unsent() == 0);
    }

    @Test
    void aConfirmLostWithTheConnection_isPublishedAgain_soEveryMessageArrivesAtLeastOnce() throws Exception {
        Clock clock = Clock.systemUTC();
        TaskService tasks = tasks(clock);
        List<UUID> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(tasks.create("acme", newTask("lost-confirm", i)).task().id());
        }
        AtomicInteger calls = new AtomicInteger();
        Broker real = amqpBroker("a");
        OutboxRelay relay = relay(store, new TestBrokers.LosingFirstConfirms(real, calls), "node-a", clock);
        relay.start();
        Set<UUID> all = allOf(eventsByTask(created));

        List<Rabbit.Delivered> received = rabbit.awaitReceived(Duration.ofSeconds(20), r -> r.size() >= 2 * all.size());
        await().atMost(Duration.ofSeconds(10)).until(() -> unsent() == 0);

        // the broker got every message, but the relay never learnt so: it reconnected and published them again
        assertThat(received).hasSize(2 * all.size());
        assertThat(ids(received)).containsExactlyInAnyOrderElementsOf(all);
        assertThat(relay.connectionFailures()).isPositive();
        assertThat(relay.published()).isEqualTo(all.size());
    }

    /** Issue 14, item 17: the relay caught only RuntimeException, so an Error ended its thread while the node served. */
    @Test
    void aCycleThatThrowsAnError_doesNotStopTheRelay() throws Exception {
        Clock clock = Clock.systemUTC();
        TaskService tasks = tasks(clock);
        List<UUID> created = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            created.add(tasks.create("acme", newTask("error-in-cycle", i)).task().id());
        }
        AtomicInteger calls = new AtomicInteger();
        OutboxRelay relay = relay(store, new TestBrokers.ThrowingFirst(amqpBroker("a"), calls,
                new AssertionError("a bug in a relay cycle (test)")), "node-a", clock);
        relay.start();
        Set<UUID> all = allOf(eventsByTask(created));

        List<Rabbit.Delivered> received = rabbit.awaitReceived(Duration.ofSeconds(20), r -> ids(r).containsAll(all));

        assertThat(ids(received)).containsAll(all);
        // the cycle that published them marks them sent, then returns: a successful step
        await().atMost(Duration.ofSeconds(10)).until(() -> unsent() == 0 && relay.job().lastSuccess() != null);
        assertThat(calls.get()).as("publish attempts").isGreaterThan(1);
        assertThat(relay.job().failures()).isEqualTo(1);
        assertThat(relay.job().problem()).isNull();
    }

    @Test
    void twoRelaysOnOneDatabase_neverPublishAtTheSameTime_andTheSecondTakesOverWhenTheFirstStops() throws Exception {
        Clock clock = Clock.systemUTC();
        TaskService tasks = tasks(clock);
        WorkService work = work(clock);
        AtomicInteger active = new AtomicInteger();
        AtomicInteger maxActive = new AtomicInteger();
        // SQLite serves one process (README): there both relays share the store; elsewhere each has its own pool
        StoreBackend second = store.capabilities().name().equals("sqlite") ? store : openStore();
        if (second != store) {
            extraStores.add(second);
        }
        OutboxRelay a = relay(store, new TestBrokers.Probe(amqpBroker("a"), active, maxActive), "node-a", clock);
        OutboxRelay b = relay(second, new TestBrokers.Probe(amqpBroker("b"), active, maxActive), "node-b", clock);
        a.start();
        await().atMost(Duration.ofSeconds(5)).until(a::isLeader);
        b.start();
        List<UUID> created = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            created.add(createAndMaybeFinish(tasks, work, "lease", i, 4).id());
            sleep(5);
        }
        a.stop(); // releases the lease: b takes over at its next lease check
        await().atMost(Duration.ofSeconds(5)).until(b::isLeader);
        for (int i = 60; i < 120; i++) {
            created.add(createAndMaybeFinish(tasks, work, "lease", i, 4).id());
            sleep(5);
        }
        Set<UUID> all = allOf(eventsByTask(created));
        List<Rabbit.Delivered> received = rabbit.awaitReceived(Duration.ofSeconds(20), r -> ids(r).containsAll(all));

        assertThat(ids(received)).containsExactlyInAnyOrderElementsOf(all);
        assertThat(maxActive.get()).as("relays publishing at the same moment").isEqualTo(1);
        assertThat(a.published()).as("published by node a").isPositive();
        assertThat(b.published()).as("published by node b").isPositive();
        assertThat(a.published() + b.published()).isEqualTo(all.size());
    }

    @Test
    void wake_startsACycleAtOnce_insteadOfAtTheNextPoll() throws Exception {
        ManualLoopClock loopClock = new ManualLoopClock(); // stands still: only a wake-up starts another cycle
        TaskService tasks = tasks(Clock.systemUTC());
        OutboxRelay relay = relay(store, amqpBroker("a"), "node-a", Clock.systemUTC(), loopClock);
        relay.start();
        loopClock.awaitIdle(1); // the first cycle took the lease, connected, found nothing, and waits for the poll
        assertThat(relay.isLeader()).isTrue();

        Task task = tasks.create("acme", newTask("woken", 1)).task();
        loopClock.awaitIdle(1);
        assertThat(unsent()).as("no cycle until the poll or a wake-up").isEqualTo(1);
        relay.wake();

        assertThat(taskIds(rabbit.awaitReceived(Duration.ofSeconds(20), r -> !r.isEmpty()))).containsExactly(task.id());
        await().atMost(Duration.ofSeconds(10)).until(() -> unsent() == 0);
        loopClock.awaitIdle(1);
        assertThat(relay.published()).isEqualTo(1);
        assertThat(relay.job().failures()).isZero();
    }

    @Test
    void aRefusedMessage_isRetriedWithBackoff_andHoldsBackTheMessagesAfterIt() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        TaskService tasks = tasks(clock);
        Task first = tasks.create("acme", newTask("refused", 1)).task();
        Task second = tasks.create("acme", newTask("refused", 2)).task();
        Task third = tasks.create("acme", newTask("refused", 3)).task();
        OutboxRelay relay = relay(store, new TestBrokers.Refusing(amqpBroker("a"),
                m -> m.taskId().equals(second.id()) && m.attempts() == 0), "node-a", clock);

        relay.cycle(); // publishes the first, the broker refuses the second
        relay.cycle(); // the second waits for its retry, and the third waits behind it
        assertThat(taskIds(rabbit.received())).containsExactly(first.id());
        assertThat(relay.refused()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(3)); // past the first backoff (2 s ± 10%)
        relay.cycle();

        assertThat(taskIds(rabbit.awaitReceived(Duration.ofSeconds(5), r -> r.size() >= 3)))
                .containsExactly(first.id(), second.id(), third.id());
        assertThat(unsent()).isZero();
    }

    @Test
    void sentMessages_areDeletedOnceOlderThanKeepSent() {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        TaskService tasks = tasks(clock);
        OutboxRelay relay = relay(store, amqpBroker("a"), "node-a", clock);
        for (int i = 0; i < 3; i++) {
            tasks.create("acme", newTask("cleanup", i));
        }
        relay.cycle(); // publishes the three
        clock.advance(Duration.ofHours(25)); // keepSent is 24 h
        for (int i = 3; i < 5; i++) {
            tasks.create("acme", newTask("cleanup", i));
        }
        relay.cycle(); // publishes the two new ones
        relay.cycle(); // idle: deletes what was sent more than 24 h ago

        Instant later = clock.instant().plus(Duration.ofDays(1));
        assertThat(unsent()).isZero();
        int left = store.inTransaction(tx -> tx.outbox().deleteSentBefore(later, 1_000));
        assertThat(left).as("sent rows left: only the two recent ones").isEqualTo(2);
    }

    private static List<UUID> taskIds(List<Rabbit.Delivered> received) {
        return received.stream().map(d -> UUID.fromString(body(d).path("task_id").asText())).toList();
    }
}
