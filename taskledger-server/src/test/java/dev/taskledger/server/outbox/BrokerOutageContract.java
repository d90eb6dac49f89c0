package dev.taskledger.server.outbox;

import dev.taskledger.queue.TaskService;
import dev.taskledger.queue.WorkService;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The outbox relay through a RabbitMQ outage: {@code rabbitmqctl stop_app} / {@code start_app} stop the shared broker
 * for a few seconds while tasks are being created, and every event still arrives. It stops the broker every other
 * relay test publishes to, so it runs alone ({@code IsolatedServerContractsTest}); one nested class per backend.
 */
public abstract class BrokerOutageContract extends RelayTestSupport {

    @Test
    void aBrokerOutage_whileTasksAreCreated_losesNoEvent() throws Exception {
        String ctl = Rabbit.rabbitmqctl();
        if (ctl == null) {
            System.err.println("SKIPPED outage test: rabbitmqctl is not installed here, so the broker cannot be stopped");
        }
        Assumptions.assumeTrue(ctl != null, "rabbitmqctl is not available");
        Clock clock = Clock.systemUTC();
        TaskService tasks = tasks(clock);
        WorkService work = work(clock);
        OutboxRelay relay = relay(store, amqpBroker("a"), "node-a", clock);
        relay.start();
        List<UUID> created = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean producing = new AtomicBoolean(true);
        Thread producer = Thread.ofPlatform().name("test-producer").start(() -> {
            for (int i = 0; producing.get(); i++) {
                created.add(createAndMaybeFinish(tasks, work, "outage", i, 2).id());
                sleep(10);
            }
        });
        long outageMs;
        try {
            Thread.sleep(800);
            int before = created.size();
            long stopped = System.nanoTime();
            Rabbit.stopApp();
            try {
                Thread.sleep(2_000);
            } finally {
                Rabbit.startApp(rabbit.url);
            }
            outageMs = (System.nanoTime() - stopped) / 1_000_000;
            assertThat(created.size()).as("tasks created while RabbitMQ was down").isGreaterThan(before);
            Thread.sleep(800);
        } finally {
            producing.set(false);
            producer.join(10_000);
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> unsent() == 0);
        Map<UUID, List<UUID>> expected = eventsByTask(List.copyOf(created));
        Set<UUID> all = allOf(expected);
        List<Rabbit.Delivered> received = rabbit.awaitReceived(Duration.ofSeconds(20), r -> ids(r).containsAll(all));

        assertThat(ids(received)).as("every event delivered at least once").containsAll(all);
        assertThat(ids(received)).as("nothing but these events").hasSameSizeAs(all);
        assertPerTaskOrder(expected, received);
        assertThat(relay.connectionFailures()).as("the relay noticed the outage").isPositive();
        System.err.printf("outage test (%s): %d tasks, %d events, %d deliveries (%d duplicates), broker down %d ms,"
                        + " %d failed connection attempts%n", store.capabilities().name(), created.size(), all.size(),
                received.size(), received.size() - all.size(), outageMs, relay.connectionFailures());
    }
}
