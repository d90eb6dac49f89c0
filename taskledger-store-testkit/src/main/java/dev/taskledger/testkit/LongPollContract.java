package dev.taskledger.testkit;

import dev.taskledger.queue.ClaimRequest;
import dev.taskledger.queue.Task;
import dev.taskledger.queue.TaskSpec;
import dev.taskledger.queue.WorkService;
import dev.taskledger.store.Store;
import dev.taskledger.store.StoreTx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static dev.taskledger.testkit.Proxies.replacing;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Long-polling claims that find nothing look again by themselves (tasks become ready with time), but the
 * claims of one tenant and the same types take turns: one claim transaction per poll interval between them.
 * A turn that finds a full batch wakes the others, so tasks that come due together reach every waiting claim.
 * A new task wakes only the waiting claims that would take it.
 *
 * <p>Runs alone among the contracts ({@link StoreContractSupport#REAL_TIME}): it counts poll turns of 100 ms and bounds a
 * wake-up at 2 s against turns of 1 s.
 */
@ResourceLock(StoreContractSupport.REAL_TIME)
public abstract class LongPollContract extends ServiceContractSupport {

    @Test
    public void idleClaimsOfOneKind_lookForWorkAboutOncePerPollInterval_betweenThem() throws Exception {
        AtomicInteger transactions = new AtomicInteger();
        WorkService counted = queueOver(counting(store, transactions), SETTINGS.withPollInterval(Duration.ofMillis(100))).work();
        int claims = 8;

        List<CompletableFuture<List<Task>>> waiting = new ArrayList<>();
        for (int i = 0; i < claims; i++) {
            waiting.add(claimAsync(counted, new ClaimRequest(TENANT, List.of("idle"), 1, "w" + i, null, 1)));
        }
        for (CompletableFuture<List<Task>> claim : waiting) {
            assertThat(claim.get(20, TimeUnit.SECONDS)).isEmpty();
        }

        // each claim looks once on arrival and once at its end; in between, about 10 turns of 100 ms for all
        // eight (each looking every 100 ms by itself would be about 80)
        assertThat(transactions.get()).as("claim transactions").isBetween(2 * claims + 3, 2 * claims + 20);
    }

    @Test
    public void tasksThatComeDueTogether_reachEveryWaitingClaim_withoutWaitingATurnEach() throws Exception {
        WorkService slowTurns = queueOver(store, SETTINGS.withPollInterval(Duration.ofSeconds(1))).work();
        List<TaskSpec> later = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            later.add(new TaskSpec("mail", "{\"n\":" + i + "}", null, Map.of(), null, null, 60L, null, null, null, false));
        }
        tasks.createAll(TENANT, later);
        List<CompletableFuture<List<Task>>> waiting = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            waiting.add(claimAsync(slowTurns, new ClaimRequest(TENANT, List.of("mail"), 2, "w" + i, null, 25)));
        }
        awaitWaiting(3); // nothing is due yet

        long dueAt = System.nanoTime();
        clock.advanceSeconds(61);

        // one claim's turn (within a second) finds a full batch and wakes the other two at once; a turn each
        // would take three seconds
        List<Task> claimed = new ArrayList<>();
        for (CompletableFuture<List<Task>> claim : waiting) {
            claimed.addAll(claim.get(20, TimeUnit.SECONDS));
        }
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - dueAt);
        assertThat(claimed).hasSize(6);
        assertThat(tookMillis).as("ms until all three claims had their tasks").isLessThan(2_000);
    }

    @Test
    public void newTasksOfOneType_doNotMakeClaimsWaitingForOtherTypesLook() throws Exception {
        AtomicInteger transactions = new AtomicInteger();
        WorkService patient = queueOver(counting(store, transactions), SETTINGS.withPollInterval(Duration.ofSeconds(30))).work();
        List<CompletableFuture<List<Task>>> waiting = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            waiting.add(claimAsync(patient, new ClaimRequest(TENANT, List.of("sms"), 1, "w" + i, null, 25)));
        }
        awaitWaiting(3);
        int looked = transactions.get();

        for (int i = 0; i < 5; i++) {
            create(newTask("mail")); // queued: nobody waits for mail
        }
        Thread.sleep(200);

        assertThat(transactions.get()).as("claim transactions of the sms claims").isEqualTo(looked);
        for (int i = 0; i < 3; i++) {
            create(newTask("sms")); // handed straight to a waiting claim: no claim transaction either
        }
        for (CompletableFuture<List<Task>> claim : waiting) {
            assertThat(claim.get(20, TimeUnit.SECONDS)).extracting(Task::type).containsExactly("sms");
        }
        assertThat(transactions.get()).isEqualTo(looked);
    }

    private void awaitWaiting(int claims) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (readySignal.waitingClaims() != claims) {
            assertThat(System.nanoTime()).as(claims + " claims wait").isLessThan(deadline);
            Thread.sleep(2);
        }
    }

    /** {@code store}, counting its transactions. */
    private static Store counting(Store store, AtomicInteger transactions) {
        return replacing(Store.class, store, "inTransaction", args -> {
            @SuppressWarnings("unchecked")
            Function<StoreTx, Object> work = (Function<StoreTx, Object>) args[0];
            transactions.incrementAndGet();
            return store.inTransaction(work);
        });
    }
}
