package dev.taskledger.server.outbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskledger.jobs.LoopClock;
import dev.taskledger.queue.Backoff;
import dev.taskledger.queue.ClaimRequest;
import dev.taskledger.queue.Queue;
import dev.taskledger.queue.QueueSettings;
import dev.taskledger.queue.ReadySignal;
import dev.taskledger.queue.Task;
import dev.taskledger.queue.TaskEvent;
import dev.taskledger.queue.TaskService;
import dev.taskledger.queue.TaskSpec;
import dev.taskledger.queue.WorkService;
import dev.taskledger.server.Backend;
import dev.taskledger.server.config.Config;
import dev.taskledger.server.config.OutboxConfig;
import dev.taskledger.server.config.Stores;
import dev.taskledger.store.Store;
import dev.taskledger.store.StoreBackend;
import dev.taskledger.testkit.ExternalDatabases;
import dev.taskledger.testkit.OneAfterAnother;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shared set-up of the relay tests: a fresh database of the subclass's backend, a unique exchange and queue on the
 * RabbitMQ of {@code TASKLEDGER_TEST_AMQP_URL} (skipped visibly when unset), services writing outbox messages, and
 * helpers to read back what the database says happened and what the queue received. A class's tests run one after
 * another ({@link OneAfterAnother}), also where the suite's contracts run concurrently.
 */
@TestMethodOrder(OneAfterAnother.class)
abstract class RelayTestSupport {
    static final ObjectMapper JSON = new ObjectMapper();

    protected Backend backend;
    protected StoreBackend store;
    protected Rabbit rabbit;
    protected final List<OutboxRelay> relays = new ArrayList<>();
    protected final List<Store> extraStores = new ArrayList<>();
    protected final List<Broker> brokers = new ArrayList<>();

    protected abstract Backend newBackend();

    @BeforeEach
    void setUp() {
        String amqp = ExternalDatabases.amqpUrl();
        backend = newBackend();
        store = openStore();
        store.migrate();
        rabbit = new Rabbit(amqp);
    }

    @AfterEach
    void tearDown() {
        relays.forEach(OutboxRelay::stop);
        brokers.forEach(Broker::close); // relays driven cycle by cycle were never started, so never stopped
        if (rabbit != null) {
            rabbit.close();
        }
        extraStores.forEach(Store::close);
        if (store != null) {
            store.close();
        }
        if (backend != null) {
            backend.cleanup();
        }
    }

    /** Another connection pool to the same database (as another service node would have). */
    StoreBackend openStore() {
        return Stores.open(Config.fromEnv(backend.env()));
    }

    OutboxConfig relayConfig() {
        return new OutboxConfig(rabbit.url, rabbit.exchange, 50, Duration.ofSeconds(10), Duration.ofMillis(20),
                Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofHours(24));
    }

    OutboxRelay relay(StoreBackend on, Broker broker, String node, Clock clock) {
        return relay(on, broker, node, clock, LoopClock.SYSTEM);
    }

    /** A relay whose waits between cycles follow {@code loopClock} (a test's clock moves only by hand). */
    OutboxRelay relay(StoreBackend on, Broker broker, String node, Clock clock, LoopClock loopClock) {
        OutboxRelay relay = new OutboxRelay(on, on.leases(), broker, relayConfig(), node, clock, Backoff.DEFAULT, loopClock);
        relays.add(relay);
        return relay;
    }

    AmqpBroker amqpBroker(String node) {
        AmqpBroker broker = new AmqpBroker(rabbit.url, rabbit.exchange, "taskledger-test-relay " + node, 3_000);
        brokers.add(broker);
        return broker;
    }

    /** The queue services over the test's store, announcing every change in the outbox. */
    private Queue queue(Clock clock) {
        return new Queue(store, clock, new ReadySignal(),
                QueueSettings.DEFAULTS.withPollInterval(Duration.ofMillis(50)).withPublishEvents(true));
    }

    TaskService tasks(Clock clock) {
        return queue(clock).tasks();
    }

    WorkService work(Clock clock) {
        return queue(clock).work();
    }

    static TaskSpec newTask(String type, int n) {
        return new TaskSpec(type, "{\"n\":" + n + "}", null, null, null, null, null, null, null, null, false);
    }

    /** Creates a task; every {@code lifecycleEvery}-th one is also claimed and completed (three events for it). */
    static Task createAndMaybeFinish(TaskService tasks, WorkService work, String type, int n, int lifecycleEvery) {
        Task t = tasks.create("acme", newTask(type, n)).task();
        if (lifecycleEvery > 0 && n % lifecycleEvery == 0) {
            try {
                for (Task claimed : work.claim(new ClaimRequest("acme", List.of(type), 1, "w1", null, 0))) {
                    work.complete("acme", claimed.id(), claimed.leaseToken(), "{\"ok\":true}");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return t;
    }

    /** Every event of these tasks, per task, oldest first (the order their messages must keep). */
    Map<UUID, List<UUID>> eventsByTask(List<UUID> taskIds) {
        Map<UUID, List<UUID>> out = new LinkedHashMap<>();
        for (UUID id : taskIds) {
            List<TaskEvent> newestFirst = store.inTransaction(tx -> tx.events().latest(id, 1_000));
            out.put(id, newestFirst.reversed().stream().map(TaskEvent::id).toList());
        }
        return out;
    }

    static Set<UUID> allOf(Map<UUID, List<UUID>> events) {
        Set<UUID> all = new LinkedHashSet<>();
        events.values().forEach(all::addAll);
        return all;
    }

    static Set<UUID> ids(List<Rabbit.Delivered> received) {
        Set<UUID> ids = new LinkedHashSet<>();
        received.forEach(d -> ids.add(UUID.fromString(d.messageId())));
        return ids;
    }

    static JsonNode body(Rabbit.Delivered d) {
        try {
            return JSON.readTree(d.body());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Each task's messages, in the order of their first delivery, equal its events in the order they happened
     * (a duplicate from a redelivery comes after its first copy, so first deliveries are what consumers act on).
     */
    static void assertPerTaskOrder(Map<UUID, List<UUID>> expected, List<Rabbit.Delivered> received) {
        Map<UUID, List<UUID>> firstSeen = new LinkedHashMap<>();
        Set<UUID> seen = new LinkedHashSet<>();
        for (Rabbit.Delivered d : received) {
            UUID event = UUID.fromString(d.messageId());
            if (seen.add(event)) {
                firstSeen.computeIfAbsent(UUID.fromString(body(d).path("task_id").asText()), k -> new ArrayList<>()).add(event);
            }
        }
        expected.forEach((task, events) -> assertThat(firstSeen.get(task)).as("messages of task %s in delivery order", task)
                .containsExactlyElementsOf(events));
    }

    long unsent() {
        return store.inTransaction(tx -> tx.outbox().lag()).unsent();
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
