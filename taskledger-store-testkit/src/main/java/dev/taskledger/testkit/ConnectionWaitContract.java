package dev.taskledger.testkit;

import dev.taskledger.queue.ClaimRequest;
import dev.taskledger.queue.Heartbeat;
import dev.taskledger.queue.ItemOutcome;
import dev.taskledger.queue.LeaseExtension;
import dev.taskledger.queue.Task;
import dev.taskledger.queue.TaskService;
import dev.taskledger.queue.WorkService;
import dev.taskledger.store.Store;
import dev.taskledger.store.StoreTx;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static dev.taskledger.testkit.Proxies.replacing;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A call that waits for its database connection (a network cut, an exhausted pool) takes its time once it holds
 * the connection, so the lease it hands out is counted from then: a claim that waited longer than the lease must
 * not return a lease that has already expired. The wait is simulated by a store whose every transaction first moves
 * the test's clock on by {@link #WAIT}, as a real wait for a connection would.
 */
public abstract class ConnectionWaitContract extends ServiceContractSupport {
    private static final Duration WAIT = Duration.ofSeconds(40);
    private static final int LEASE = 30;

    private WorkService waitingWork;
    private TaskService waitingTasks;

    @BeforeEach
    void servicesWaitingForConnections() {
        Store waiting = waitingForConnections(store);
        waitingWork = queueOver(waiting, SETTINGS.withPollInterval(Duration.ofMillis(50))).work();
        waitingTasks = queueOver(waiting, SETTINGS).tasks();
    }

    @Test
    public void claimsAndHeartbeats_thatWaitedForTheirConnection_handOutLeasesCountedFromAfterTheWait() throws Exception {
        Task first = create(newTask("wait"));
        Task second = create(newTask("wait"));

        Task claimed = waitingWork.claim(new ClaimRequest(TENANT, List.of("wait"), 1, "w", LEASE, 0)).getFirst();
        assertLeaseRunsFromNow(claimed, "claim");

        Task byId = waitingWork.claimOne(TENANT, claimed.id().equals(first.id()) ? second.id() : first.id(), "w", LEASE);
        assertLeaseRunsFromNow(byId, "claim by id");

        Task beaten = waitingWork.heartbeat(TENANT, claimed.id(), new Heartbeat(claimed.leaseToken(), LEASE, null, null, null));
        assertLeaseRunsFromNow(beaten, "heartbeat");

        List<ItemOutcome> batch = waitingWork.heartbeatAll(TENANT, List.of(new LeaseExtension(byId.id(), byId.leaseToken(), LEASE)));
        assertLeaseRunsFromNow(batch.getFirst().task(), "batch heartbeat");
    }

    @Test
    public void aCreateThatWaitedForItsConnection_handsAWaitingClaimALeaseCountedFromAfterTheWait() throws Exception {
        int before = readySignal.waitingClaims();
        CompletableFuture<List<Task>> waitingClaim = claimAsync(
                queueOver(store, SETTINGS.withPollInterval(Duration.ofSeconds(30))).work(),
                new ClaimRequest(TENANT, List.of("handed"), 1, "w", LEASE, 25));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (readySignal.waitingClaims() == before) {
            assertThat(System.nanoTime()).as("the claim starts waiting").isLessThan(deadline);
            Thread.sleep(2);
        }

        Task created = waitingTasks.create(TENANT, newTask("handed")).task();

        Task handed = waitingClaim.get(20, TimeUnit.SECONDS).getFirst();
        assertThat(handed.id()).isEqualTo(created.id());
        assertLeaseRunsFromNow(handed, "hand-off");
        assertThat(handed.createdAt()).as("created when the create held its connection").isEqualTo(clock.instant());
    }

    /** The lease runs {@link #LEASE} seconds from now, i.e. from after the call's wait for its connection. */
    private void assertLeaseRunsFromNow(Task task, String call) {
        Instant now = clock.instant();
        assertThat(task.leaseExpiresAt()).as("lease given by the %s, now %s", call, now).isEqualTo(now.plusSeconds(LEASE));
    }

    /** {@code store}, but every transaction first waits {@link #WAIT} (on the test's clock) for its connection. */
    private Store waitingForConnections(Store target) {
        return replacing(Store.class, target, "inTransaction", args -> {
            @SuppressWarnings("unchecked")
            Function<StoreTx, Object> work = (Function<StoreTx, Object>) args[0];
            clock.advance(WAIT);
            return target.inTransaction(work);
        });
    }
}
