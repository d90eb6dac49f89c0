package dev.taskledger.testkit;

import dev.taskledger.queue.ClaimClient;
import dev.taskledger.queue.ClaimRequest;
import dev.taskledger.queue.Task;
import dev.taskledger.queue.TaskEvent;
import dev.taskledger.queue.TaskService;
import dev.taskledger.queue.TaskSpec;
import dev.taskledger.queue.TaskStatus;
import dev.taskledger.queue.Undelivered;
import dev.taskledger.queue.WorkService;
import dev.taskledger.store.Store;
import dev.taskledger.store.StoreTx;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static dev.taskledger.testkit.JsonText.assertSameTask;
import static dev.taskledger.testkit.JsonText.sameJson;
import static dev.taskledger.testkit.Proxies.replacing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A create on the node where a claim is long-polling hands its new tasks straight to that claim: inserted
 * already claimed, with the created and the claimed event, in the create's one transaction. Only ready tasks
 * of the claim's types, up to its limit, newest waiting claim first; a replay or a failed create hands nothing.
 * A claim whose client has gone stops waiting and claims nothing; what never reached a client goes back to the
 * queue at once, its attempt not counted.
 */
public abstract class HandoffContract extends ServiceContractSupport {
    private WorkService patientWork;

    @BeforeEach
    void patientClaims() {
        // waits without looking again by itself, so a claim is registered as waiting the whole time
        patientWork = queueOver(store, SETTINGS.withPollInterval(Duration.ofSeconds(30))).work();
    }

    @Test
    public void create_whileAClaimWaits_insertsTheTaskClaimedByIt_withBothEvents() throws Exception {
        CompletableFuture<List<Task>> waiting = waitingClaim(List.of("mail"), 1, "w1", 60);
        Instant t0 = clock.instant();

        Task created = create(newTask("mail"));

        List<Task> handed = waiting.get(20, TimeUnit.SECONDS);
        assertThat(handed).hasSize(1);
        Task claimed = handed.getFirst();
        assertThat(claimed.id()).isEqualTo(created.id());
        assertThat(claimed.status()).isEqualTo(TaskStatus.PROCESSING);
        assertThat(claimed.leaseOwner()).isEqualTo("w1");
        assertThat(claimed.leaseToken()).isNotBlank();
        assertThat(claimed.leaseExpiresAt()).isEqualTo(t0.plusSeconds(60));
        assertThat(claimed.retryCount()).isEqualTo(1);
        assertThat(claimed.startedAt()).isEqualTo(t0);
        assertThat(claimed.version()).isEqualTo(1);
        assertSameTask(tasks.get(TENANT, created.id()), claimed);
        assertThat(created.status()).as("the create answers the task as committed").isEqualTo(TaskStatus.PROCESSING);

        List<TaskEvent> events = events(created.id());
        assertThat(events).extracting(TaskEvent::status).containsExactly(TaskStatus.PROCESSING, TaskStatus.PENDING);
        assertThat(events).extracting(TaskEvent::actor).containsExactly("WORKER:w1", "API");
        assertThat(events).extracting(TaskEvent::createdAt).containsExactly(t0, t0);
        assertThat(sameJson(events.getFirst().detail(), "{\"attempt\":1,\"handed_over\":true}"))
                .as(events.getFirst().detail()).isTrue();

        Task done = work.complete(TENANT, created.id(), claimed.leaseToken(), "{}");
        assertThat(done.status()).isEqualTo(TaskStatus.COMPLETED);
    }

    @Test
    public void handoff_takesOnlyTheClaimsTypes_upToItsLimit_andQueuesTheRest() throws Exception {
        CompletableFuture<List<Task>> waiting = waitingClaim(List.of("mail"), 2, "w1", null);

        List<Task> created = tasks.createAll(TENANT, List.of(newTask("sms"), newTask("mail"), newTask("mail"),
                newTask("mail"))).stream().map(TaskService.Created::task).toList();

        assertThat(waiting.get(20, TimeUnit.SECONDS)).extracting(Task::id)
                .containsExactly(created.get(1).id(), created.get(2).id());
        assertThat(created).extracting(Task::status).containsExactly(TaskStatus.PENDING, TaskStatus.PROCESSING,
                TaskStatus.PROCESSING, TaskStatus.PENDING);
        assertThat(events(created.get(3).id())).extracting(TaskEvent::status).containsExactly(TaskStatus.PENDING);
        assertThat(claim("w2", 10)).extracting(Task::id).containsExactlyInAnyOrder(created.get(0).id(), created.get(3).id());
    }

    @Test
    public void handoff_servesTheNewestWaitingClaimFirst() throws Exception {
        CompletableFuture<List<Task>> first = waitingClaim(List.of(), 1, "w1", null);
        CompletableFuture<List<Task>> second = waitingClaim(List.of(), 1, "w2", null);

        List<Task> created = tasks.createAll(TENANT, List.of(newTask("a"), newTask("b"))).stream()
                .map(TaskService.Created::task).toList();

        assertThat(second.get(20, TimeUnit.SECONDS)).extracting(Task::id).containsExactly(created.get(0).id());
        assertThat(first.get(20, TimeUnit.SECONDS)).extracting(Task::id).containsExactly(created.get(1).id());
        assertThat(created).extracting(Task::leaseOwner).containsExactly("w2", "w1");
    }

    @Test
    public void aWaitingClaimWhoseClientGoes_stopsAtOnce_andTheNextTaskGoesToALiveClaim() throws Exception {
        VanishingClient client = new VanishingClient();
        CompletableFuture<List<Task>> gone = waitingClaim(List.of("mail"), 1, "gone", null, client);
        CompletableFuture<List<Task>> live = waitingClaim(List.of("mail"), 1, "live", null);

        client.go();

        assertThat(gone.get(5, TimeUnit.SECONDS)).as("answers at once, empty-handed").isEmpty();
        assertThat(readySignal.waitingClaims()).isEqualTo(1);
        Task created = create(newTask("mail"));
        assertThat(live.get(20, TimeUnit.SECONDS)).extracting(Task::id).containsExactly(created.id());
        assertThat(created.leaseOwner()).isEqualTo("live");
    }

    @Test
    public void aClaimWhoseClientHasGone_claimsNothing() {
        Task ready = create(newTask("mail"));

        List<Task> claimed = claimAsync(work, new ClaimRequest(TENANT, List.of(), 1, "gone", null, 25), VanishingClient.gone())
                .join();

        assertThat(claimed).isEmpty();
        assertThat(tasks.get(TENANT, ready.id()).status()).isEqualTo(TaskStatus.PENDING);
    }

    @Test
    public void anUndeliveredHandoff_goesBackToPendingAtOnce_inItsPlace_withItsAttemptGivenBack() throws Exception {
        CompletableFuture<List<Task>> waiting = waitingClaim(List.of("mail"), 1, "w1", 60);
        Task created = create(newTask("mail"));
        List<Task> handed = waiting.get(20, TimeUnit.SECONDS);
        clock.advance(Duration.ofSeconds(2));

        List<Task> back = work.returnUndelivered(TENANT, handed, Undelivered.CLIENT_GONE);

        assertThat(back).hasSize(1);
        Task queued = tasks.get(TENANT, created.id());
        assertSameTask(back.getFirst(), queued);
        assertThat(queued.status()).isEqualTo(TaskStatus.PENDING);
        assertThat(queued.retryCount()).as("the attempt is not counted").isZero();
        assertThat(queued.leaseOwner()).isNull();
        assertThat(queued.leaseToken()).isNull();
        assertThat(queued.leaseExpiresAt()).isNull();
        assertThat(queued.startedAt()).isNull();
        assertThat(queued.runAt()).as("keeps its place in the queue").isEqualTo(created.runAt());
        List<TaskEvent> events = events(created.id());
        assertThat(events).extracting(TaskEvent::status)
                .containsExactly(TaskStatus.PENDING, TaskStatus.PROCESSING, TaskStatus.PENDING);
        assertThat(events.getFirst().actor()).isEqualTo("SYSTEM");
        assertThat(sameJson(events.getFirst().detail(), "{\"reason\":\"" + Undelivered.CLIENT_GONE.reason()
                + "\",\"worker\":\"w1\",\"attempt\":1}")).as(events.getFirst().detail()).isTrue();

        assertThat(work.returnUndelivered(TENANT, handed, Undelivered.CLIENT_GONE)).as("once only").isEmpty();
        create(newTask("mail"));
        Task again = claimOnly("w2");
        assertThat(again.id()).as("first in line, before a newer task").isEqualTo(created.id());
        assertThat(again.retryCount()).isEqualTo(1);
    }

    @Test
    public void anUndeliveredClaim_returnsItsTasks_butLeavesOnesThatChangedMeanwhile() {
        Task cancelled = create(newTask("mail"));
        Task kept = create(newTask("mail"));
        Task deleted = create(newTask("mail"));
        List<Task> claimed = claim("w1", 3);
        tasks.cancel(TENANT, cancelled.id());
        tasks.delete(TENANT, deleted.id());

        List<Task> back = work.returnUndelivered(TENANT, claimed, Undelivered.WRITE_FAILED);

        assertThat(back).extracting(Task::id).containsExactly(kept.id());
        assertThat(tasks.get(TENANT, kept.id()).status()).isEqualTo(TaskStatus.PENDING);
        assertThat(tasks.get(TENANT, cancelled.id()).status()).isEqualTo(TaskStatus.CANCELLED);
    }

    @Test
    public void delayedTask_isQueued_notHandedOver() throws Exception {
        CompletableFuture<List<Task>> waiting = waitingClaim(List.of("mail"), 1, "w1", null);

        Task later = create(new TaskSpec("mail", "{}", null, Map.of(), null, null, 60L, null, null, null, false));
        assertThat(later.status()).isEqualTo(TaskStatus.PENDING);
        assertThat(later.leaseOwner()).isNull();
        assertThat(waiting).isNotDone();

        Task now = create(newTask("mail"));
        assertThat(waiting.get(20, TimeUnit.SECONDS)).extracting(Task::id).containsExactly(now.id());
    }

    @Test
    public void idempotentReplay_handsNothing_andTheClaimWaitsForTheNextTask() throws Exception {
        Task original = create(newTask("mail", "{}", null, "key-1"));
        claimOnly("w0");
        CompletableFuture<List<Task>> waiting = waitingClaim(List.of("mail"), 1, "w1", null);

        TaskService.Created replay = tasks.create(TENANT, newTask("mail", "{}", null, "key-1"));

        assertThat(replay.created()).isFalse();
        assertThat(replay.task().leaseOwner()).isEqualTo("w0");
        assertThat(events(original.id())).hasSize(2);
        Task next = create(newTask("mail"));
        assertThat(waiting.get(20, TimeUnit.SECONDS)).extracting(Task::id).containsExactly(next.id());
    }

    @Test
    public void failedCreate_handsNothing_andTheClaimWaitsForTheNextTask() throws Exception {
        CompletableFuture<List<Task>> waiting = waitingClaim(List.of("mail"), 1, "w1", null);
        TaskService failing = queueOver(failingAfterWork(store), SETTINGS).tasks();

        assertThatThrownBy(() -> failing.create(TENANT, newTask("mail"))).hasMessageContaining("injected");

        assertThat(claim("w0", 10)).isEmpty();
        Task next = create(newTask("mail"));
        assertThat(waiting.get(20, TimeUnit.SECONDS)).extracting(Task::id).containsExactly(next.id());
    }

    /** A long-polling claim, returned once it is registered as waiting. */
    private CompletableFuture<List<Task>> waitingClaim(List<String> types, int limit, String worker, Integer leaseSeconds)
            throws InterruptedException {
        return waitingClaim(types, limit, worker, leaseSeconds, ClaimClient.UNWATCHED);
    }

    private CompletableFuture<List<Task>> waitingClaim(List<String> types, int limit, String worker, Integer leaseSeconds,
                                                       ClaimClient client) throws InterruptedException {
        int before = readySignal.waitingClaims();
        CompletableFuture<List<Task>> claim = claimAsync(patientWork, new ClaimRequest(TENANT, types, limit, worker, leaseSeconds, 25),
                client);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (readySignal.waitingClaims() == before) {
            assertThat(System.nanoTime()).as("the claim starts waiting").isLessThan(deadline);
            assertThat(claim).as("the claim found nothing and waits").isNotDone();
            Thread.sleep(2);
        }
        return claim;
    }

    /** {@code store}, but every transaction fails after its work ran (and so rolls back). */
    private static Store failingAfterWork(Store store) {
        return replacing(Store.class, store, "inTransaction", args -> {
            @SuppressWarnings("unchecked")
            Function<StoreTx, Object> work = (Function<StoreTx, Object>) args[0];
            return store.inTransaction(tx -> {
                work.apply(tx);
                throw new IllegalStateException("injected failure before commit");
            });
        });
    }
}
