package dev.taskledger.testkit;

import dev.taskledger.common.DatabaseClock;
import dev.taskledger.queue.ClaimRequest;
import dev.taskledger.queue.Heartbeat;
import dev.taskledger.queue.LeaseRescuer;
import dev.taskledger.queue.Queue;
import dev.taskledger.queue.QueueSettings;
import dev.taskledger.queue.ReadySignal;
import dev.taskledger.queue.Task;
import dev.taskledger.queue.TaskEvent;
import dev.taskledger.queue.TaskService;
import dev.taskledger.queue.TaskSpec;
import dev.taskledger.queue.TaskStatus;
import dev.taskledger.queue.WorkService;
import dev.taskledger.store.Store;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Two service nodes on one database whose own clocks are {@link #SKEW} ahead ("fast") and behind ("slow") agree on
 * leases, readiness and event times, because both judge them by the database's clock ({@link DatabaseClock}). Runs in
 * real time (the database's clock cannot be moved) with leases of a few seconds. Skipped where the database has no
 * clock of its own (SQLite runs on the node: there is one clock).
 *
 * <p>Runs alone among the contracts ({@link StoreContractSupport#REAL_TIME}): heartbeats every 400 ms keep 2 s leases, and
 * measured clock offsets must agree within 250 ms.
 */
@ResourceLock(StoreContractSupport.REAL_TIME)
public abstract class ClockSkewContract extends StoreContractSupport {
    private static final Duration SKEW = Duration.ofSeconds(20);
    private static final int LEASE = 2;
    /** How far apart two readings of the database's clock, through two nodes' measurements, may be. */
    private static final Duration TOLERANCE = Duration.ofMillis(250);

    private Store otherStore;
    private Node fast;
    private Node slow;

    /** One service node: its services over its own store, on its own (skewed) clock corrected to the database's. */
    private record Node(DatabaseClock clock, TaskService tasks, WorkService work, LeaseRescuer rescuer) {
        static Node on(Store store, Duration skew) {
            DatabaseClock clock = DatabaseClock.unmeasured(store, Clock.offset(Clock.systemUTC(), skew));
            clock.measure();
            Queue queue = new Queue(store, clock, new ReadySignal(),
                    QueueSettings.DEFAULTS.withPollInterval(Duration.ofMillis(50)));
            return new Node(clock, queue.tasks(), queue.work(), queue.rescuer());
        }

        List<Task> claim(int limit, Integer leaseSeconds) throws InterruptedException {
            return work.claim(new ClaimRequest(SampleTasks.TENANT, List.of("skew"), limit, "w", leaseSeconds, 0));
        }

        Task create() {
            return tasks.create(SampleTasks.TENANT, new TaskSpec("skew", "{}", null, Map.of(), null, null, null, null, LEASE,
                    null, false)).task();
        }
    }

    @BeforeEach
    void startTwoNodes() {
        assumeTrue(store.readClock().isPresent(), capabilities().name() + " has no clock of its own: its time is the node's");
        otherStore = anotherNode();
        fast = Node.on(store, SKEW);
        slow = Node.on(otherStore, SKEW.negated());
    }

    @AfterEach
    void closeOtherNode() {
        if (otherStore != null) {
            otherStore.close();
        }
    }

    @Test
    public void tasksHeartbeatedThroughTheSlowNode_areNotTakenBack_byTheFastNodesRescuer() throws Exception {
        IntStream.range(0, 5).forEach(i -> slow.create());
        List<Task> held = slow.claim(5, LEASE);
        assertThat(held).hasSize(5);

        // longer than two leases: without the heartbeats they would expire
        await().during(Duration.ofSeconds(LEASE * 2 + 1)).atMost(Duration.ofSeconds(LEASE * 2 + 10))
                .pollInterval(Duration.ofMillis(400)).until(() -> {
                    for (Task t : held) {
                        slow.work.heartbeat(SampleTasks.TENANT, t.id(), new Heartbeat(t.leaseToken(), LEASE, null, null, null));
                    }
                    return fast.rescuer.rescueExpired(100) == 0;
                });

        for (Task t : held) {
            Task now = slow.tasks.get(SampleTasks.TENANT, t.id());
            assertThat(now.status()).isEqualTo(TaskStatus.PROCESSING);
            assertThat(now.leaseToken()).isEqualTo(t.leaseToken());
        }
    }

    @Test
    public void aDeadWorkersTask_isRescuedByTheSlowNode_whenItsLeaseExpires() throws Exception {
        fast.create();
        Task claimed = fast.claim(1, LEASE).getFirst(); // its worker dies: no heartbeat
        long claimedAt = System.nanoTime();

        await().atMost(Duration.ofSeconds(LEASE + 5)).pollInterval(Duration.ofMillis(50))
                .until(() -> slow.rescuer.rescueExpired(10) > 0);

        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - claimedAt);
        assertThat(tookMs).as("rescued after the lease, not before").isGreaterThanOrEqualTo(LEASE * 1000L - TOLERANCE.toMillis());
        Task rescued = slow.tasks.get(SampleTasks.TENANT, claimed.id());
        assertThat(rescued.status()).isEqualTo(TaskStatus.PENDING);
        assertThat(fast.claim(1, LEASE)).as("ready at once on the other node too").extracting(Task::id).containsExactly(claimed.id());
    }

    @Test
    public void aTaskPutBackByTheFastNode_rescuedOrReleased_isClaimableAtOnceOnTheSlowNode() throws Exception {
        Task rescuedTask = fast.create();
        fast.claim(1, LEASE);
        await().atMost(Duration.ofSeconds(LEASE + 5)).pollInterval(Duration.ofMillis(50))
                .until(() -> fast.rescuer.rescueExpired(10) > 0);

        assertThat(slow.claim(1, LEASE)).as("rescued by the fast node").extracting(Task::id).containsExactly(rescuedTask.id());

        Task releasedTask = fast.create();
        Task claimed = fast.claim(1, LEASE).getFirst();
        fast.work.release(SampleTasks.TENANT, claimed.id(), claimed.leaseToken());

        assertThat(slow.claim(1, LEASE)).as("released by the fast node").extracting(Task::id).containsExactly(releasedTask.id());
    }

    @Test
    public void eventTimes_areTheDatabasesTime_whicheverNodeWritesThem() throws Exception {
        Instant before = store.readClock().orElseThrow().databaseTime();
        Task task = fast.create();
        Task claimed = slow.claim(1, null).getFirst();
        fast.work.complete(SampleTasks.TENANT, task.id(), claimed.leaseToken(), null);
        Instant after = store.readClock().orElseThrow().databaseTime();

        List<TaskEvent> events = slow.tasks.events(SampleTasks.TENANT, task.id()).reversed();
        assertThat(events).extracting(TaskEvent::status)
                .containsExactly(TaskStatus.PENDING, TaskStatus.PROCESSING, TaskStatus.COMPLETED);
        for (TaskEvent e : events) {
            assertThat(e.createdAt()).as("%s event", e.status())
                    .isBetween(before.minus(TOLERANCE), after.plus(TOLERANCE));
        }
        assertThat(events).extracting(TaskEvent::createdAt).isSorted();
        assertThat(fast.clock.offset().plus(SKEW).abs()).as("the fast node's measured offset").isLessThan(TOLERANCE);
        assertThat(slow.clock.offset().minus(SKEW).abs()).as("the slow node's measured offset").isLessThan(TOLERANCE);
    }
}
