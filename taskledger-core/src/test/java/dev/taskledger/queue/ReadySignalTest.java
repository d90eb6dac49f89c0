package dev.taskledger.queue;

import dev.taskledger.jobs.ManualLoopClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The waiting-claim registry of {@link ReadySignal}: reserve, deliver, cancel, and what a waiter sees. Time moves
 * only when a test advances the {@link ManualLoopClock}, and {@link ManualLoopClock#awaitIdle} tells when the
 * waiting threads are parked, so nothing here sleeps.
 */
class ReadySignalTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final long LONG = TimeUnit.SECONDS.toNanos(20);

    private final ManualLoopClock clock = new ManualLoopClock();
    private final ReadySignal signal = new ReadySignal(clock);

    @Test
    void aReservedWaiter_getsWhatIsDelivered_evenAfterItsOwnTimeout() throws Exception {
        ReadySignal.Waiter waiter = waiter(claim("mail", 2));
        Task a = task("mail", NOW);
        Task b = task("mail", NOW);
        ReadySignal.Reservation reservation = signal.reserve("t", List.of(a, b), NOW);
        assertThat(reservation.waiterOf(a.id())).isSameAs(waiter);
        assertThat(reservation.waiterOf(b.id())).isSameAs(waiter);

        CompletableFuture<List<Task>> result = await(waiter, TimeUnit.MILLISECONDS.toNanos(1));
        clock.awaitIdle(1);
        clock.advance(Duration.ofMillis(50));
        clock.awaitIdle(1);
        assertThat(result).as("a reserved waiter waits for the create, past its timeout").isNotDone();

        signal.deliver(reservation, List.of(a)); // b was not inserted (an idempotent replay)
        assertThat(result.get(5, TimeUnit.SECONDS)).containsExactly(a);
        assertThat(signal.waitingClaims()).isZero();
    }

    @Test
    void aCancelledReservation_sendsTheWaiterBackToLook() throws Exception {
        ReadySignal.Waiter waiter = waiter(claim("mail", 1));
        ReadySignal.Reservation reservation = signal.reserve("t", List.of(task("mail", NOW)), NOW);
        CompletableFuture<List<Task>> result = await(waiter, LONG);

        signal.cancel(reservation);

        assertThat(result.get(5, TimeUnit.SECONDS)).isEmpty();
    }

    @Test
    void aCancelAfterTheDelivery_leavesTheWaiterItsTasks() throws Exception {
        ReadySignal.Waiter waiter = waiter(claim("mail", 1));
        Task a = task("mail", NOW);
        ReadySignal.Reservation reservation = signal.reserve("t", List.of(a), NOW);
        signal.deliver(reservation, List.of(a));

        signal.cancel(reservation); // the create failed after its commit (a commit listener threw, say): a is claimed

        assertThat(await(waiter, LONG).get(5, TimeUnit.SECONDS)).containsExactly(a);
    }

    @Test
    void reserve_skipsOtherTenantsTypesAndLaterTasks_andRespectsTheLimit() {
        ReadySignal.Waiter waiter = waiter(claim("mail", 1));

        List<Task> tasks = List.of(task("sms", NOW), task("mail", NOW.plusSeconds(1)), task("mail", NOW), task("mail", NOW));
        ReadySignal.Reservation reservation = signal.reserve("t", tasks, NOW);
        ReadySignal.Reservation otherTenant = signal.reserve("u", List.of(task("mail", NOW)), NOW);

        assertThat(reservation.waiterOf(tasks.get(0).id())).isNull();
        assertThat(reservation.waiterOf(tasks.get(1).id())).isNull();
        assertThat(reservation.waiterOf(tasks.get(2).id())).isSameAs(waiter);
        assertThat(reservation.waiterOf(tasks.get(3).id())).as("limit 1").isNull();
        assertThat(otherTenant.isEmpty()).isTrue();
        assertThat(signal.reserve("t", List.of(task("mail", NOW)), NOW).isEmpty()).as("already reserved").isTrue();
    }

    @Test
    void reserve_takesTheNewestWaiterFirst() {
        ReadySignal.Waiter older = waiter(claim("mail", 1));
        ReadySignal.Waiter newer = waiter(claim("mail", 1));

        List<Task> tasks = List.of(task("mail", NOW), task("mail", NOW), task("mail", NOW));
        ReadySignal.Reservation reservation = signal.reserve("t", tasks, NOW);

        assertThat(reservation.waiterOf(tasks.get(0).id())).isSameAs(newer);
        assertThat(reservation.waiterOf(tasks.get(1).id())).isSameAs(older);
        assertThat(reservation.waiterOf(tasks.get(2).id())).isNull();
    }

    @Test
    void reserve_takesTheClaimThatArrivedLast_evenWhenAnOlderOneRegisteredAgainSince() throws Exception {
        TaskClaim olderClaim = claim("mail", 1);
        long olderArrived = System.nanoTime();
        ReadySignal.Waiter older = signal.startWaiting(olderClaim, signal.generation(), LONG, olderArrived);
        ReadySignal.Waiter newer = waiter(claim("mail", 1));
        CompletableFuture<List<Task>> olderWait = await(older, 1);
        clock.awaitIdle(1);
        clock.advance(Duration.ofNanos(1));
        assertThat(olderWait.get(5, TimeUnit.SECONDS)).as("the older claim's wait ends (as for its turn to look)").isEmpty();
        ReadySignal.Waiter olderAgain = signal.startWaiting(olderClaim, signal.generation(), LONG, olderArrived);

        List<Task> tasks = List.of(task("mail", NOW), task("mail", NOW));
        ReadySignal.Reservation reservation = signal.reserve("t", tasks, NOW);

        assertThat(reservation.waiterOf(tasks.get(0).id())).isSameAs(newer);
        assertThat(reservation.waiterOf(tasks.get(1).id())).isSameAs(olderAgain);
    }

    @Test
    void aWaiterThatLeaves_returnsEmptyHandedAtOnce_andIsNoLongerOffered() throws Exception {
        ReadySignal.Waiter waiter = waiter(claim("mail", 1));
        CompletableFuture<List<Task>> result = await(waiter, LONG);

        signal.leave(waiter);

        assertThat(result.get(5, TimeUnit.SECONDS)).isEmpty();
        assertThat(signal.waitingClaims()).isZero();
        assertThat(signal.reserve("t", List.of(task("mail", NOW)), NOW).isEmpty()).isTrue();
    }

    @Test
    void aWaiterThatLeftBeforeItsWait_returnsAtOnce() throws Exception {
        ReadySignal.Waiter waiter = waiter(claim("mail", 1));

        signal.leave(waiter);

        assertThat(await(waiter, LONG).get(5, TimeUnit.SECONDS)).isEmpty();
        assertThat(signal.waitingClaims()).isZero();
    }

    @Test
    void aReservedWaiterThatLeaves_stillGetsWhatIsDelivered() throws Exception {
        ReadySignal.Waiter waiter = waiter(claim("mail", 1));
        Task a = task("mail", NOW);
        ReadySignal.Reservation reservation = signal.reserve("t", List.of(a), NOW);

        signal.leave(waiter);
        CompletableFuture<List<Task>> result = await(waiter, LONG);
        signal.deliver(reservation, List.of(a));

        assertThat(result.get(5, TimeUnit.SECONDS)).containsExactly(a);
        assertThat(signal.waitingClaims()).isZero();
    }

    @Test
    void aSignal_wakesAWaiterEmptyHanded() throws Exception {
        ReadySignal.Waiter waiter = waiter(claim("mail", 1));
        CompletableFuture<List<Task>> result = await(waiter, LONG);

        signal.signal();

        assertThat(result.get(5, TimeUnit.SECONDS)).isEmpty();
        assertThat(signal.waitingClaims()).isZero();
    }

    @Test
    void aSignalForATenantAndTypes_wakesOnlyTheWaitersThatWouldTakeThem() throws Exception {
        CompletableFuture<List<Task>> mail = await(waiter(claim("mail", 1)), LONG);
        CompletableFuture<List<Task>> sms = await(waiter(claim("sms", 1)), LONG);
        CompletableFuture<List<Task>> anyType = await(waiter(new TaskClaim("t", List.of(), 1, "w", "token", null, NOW)), LONG);
        CompletableFuture<List<Task>> otherTenant = await(waiter(new TaskClaim("u", List.of("mail"), 1, "w", "token", null, NOW)), LONG);

        signal.signal("t", List.of("mail", "pdf"));

        assertThat(mail.get(5, TimeUnit.SECONDS)).isEmpty();
        assertThat(anyType.get(5, TimeUnit.SECONDS)).isEmpty();
        clock.awaitIdle(2);
        assertThat(sms).as("another type").isNotDone();
        assertThat(otherTenant).as("another tenant").isNotDone();
        assertThat(signal.waitingClaims()).isEqualTo(2);

        signal.signal("u", null);
        assertThat(otherTenant.get(5, TimeUnit.SECONDS)).isEmpty();
        assertThat(sms).isNotDone();
        signal.signal();
        assertThat(sms.get(5, TimeUnit.SECONDS)).isEmpty();
    }

    @Test
    void close_endsEveryWaitNow_andEveryLaterOneAtOnce() throws Exception {
        CompletableFuture<List<Task>> waiting = await(waiter(claim("mail", 1)), LONG);

        signal.close();

        assertThat(waiting.get(5, TimeUnit.SECONDS)).isEmpty();
        assertThat(signal.isClosed()).isTrue();
        ReadySignal.Waiter later = waiter(claim("mail", 1));
        assertThat(signal.awaitWork(later, LONG)).isEmpty();
    }

    @Test
    void aSignalBeforeTheWaitStarted_isNotLost() throws Exception {
        long seen = signal.generation();
        signal.signal();
        ReadySignal.Waiter waiter = signal.startWaiting(claim("mail", 1), seen, LONG, System.nanoTime());

        assertThat(signal.awaitWork(waiter, LONG)).isEmpty();
    }

    @Test
    void aTimedOutWaiter_isNoLongerOffered() throws Exception {
        ReadySignal.Waiter waiter = waiter(claim("mail", 1));
        CompletableFuture<List<Task>> result = await(waiter, TimeUnit.MILLISECONDS.toNanos(5));
        clock.awaitIdle(1);
        assertThat(result).as("waiting until its timeout").isNotDone();

        clock.advance(Duration.ofMillis(5));

        assertThat(result.get(5, TimeUnit.SECONDS)).isEmpty();

        assertThat(signal.waitingClaims()).isZero();
        assertThat(signal.reserve("t", List.of(task("mail", NOW)), NOW).isEmpty()).isTrue();
    }

    @Test
    void anInterruptedWaiter_stopsWaiting() throws Exception {
        ReadySignal.Waiter waiter = waiter(claim("mail", 1));
        Thread.currentThread().interrupt();

        assertThatThrownBy(() -> signal.awaitWork(waiter, LONG)).isInstanceOf(InterruptedException.class);

        assertThat(signal.waitingClaims()).isZero();
    }

    @Test
    void anInterruptedReservedWaiter_stillReturnsItsTasks_withTheInterruptKept() throws Exception {
        ReadySignal.Waiter waiter = waiter(claim("mail", 1));
        Task a = task("mail", NOW);
        ReadySignal.Reservation reservation = signal.reserve("t", List.of(a), NOW);
        CompletableFuture<Boolean> interruptedAfter = new CompletableFuture<>();
        Thread thread = Thread.ofPlatform().start(() -> {
            try {
                List<Task> handed = signal.awaitWork(waiter, LONG);
                interruptedAfter.complete(handed.equals(List.of(a)) && Thread.currentThread().isInterrupted());
            } catch (InterruptedException e) {
                interruptedAfter.completeExceptionally(e);
            }
        });
        clock.awaitIdle(1);
        thread.interrupt();
        clock.awaitIdle(1); // an interrupt does not end a reserved waiter's wait: it is parked still
        assertThat(interruptedAfter).isNotDone();

        signal.deliver(reservation, List.of(a));

        assertThat(interruptedAfter.get(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void waitersOfOneTenantAndTypes_takeTurnsToLook_oldestFirst_oncePerInterval() throws Exception {
        long interval = TimeUnit.MILLISECONDS.toNanos(200);
        List<CompletableFuture<List<Task>>> results = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            results.add(await(waiter(claim("mail", 1), interval), LONG));
        }

        clock.awaitIdle(4);
        assertThat(results).as("no turn before the interval").noneMatch(CompletableFuture::isDone);
        clock.advance(Duration.ofMillis(300));
        assertThat(results.getFirst().get(5, TimeUnit.SECONDS)).isEmpty();
        clock.awaitIdle(3);
        assertThat(results).as("one turn after one interval, the oldest's").extracting(CompletableFuture::isDone)
                .containsExactly(true, false, false, false);
        assertThat(signal.waitingClaims()).isEqualTo(3);

        for (CompletableFuture<List<Task>> result : results.subList(1, results.size())) {
            clock.advance(Duration.ofNanos(interval)); // the next oldest's turn comes a whole interval later
            assertThat(result.get(5, TimeUnit.SECONDS)).isEmpty();
        }
        assertThat(signal.waitingClaims()).isZero();
    }

    @Test
    void waitersOfOtherTypesOrTenants_lookOnTheirOwnTurns() throws Exception {
        long interval = TimeUnit.MILLISECONDS.toNanos(100);
        CompletableFuture<List<Task>> mail = await(waiter(claim("mail", 1), interval), LONG);
        CompletableFuture<List<Task>> sms = await(waiter(claim("sms", 1), interval), LONG);
        CompletableFuture<List<Task>> otherTenant = await(waiter(
                new TaskClaim("u", List.of("mail"), 1, "w", "token", null, NOW), interval), LONG);
        clock.awaitIdle(3);
        assertThat(List.of(mail, sms, otherTenant)).noneMatch(CompletableFuture::isDone);

        clock.advance(Duration.ofNanos(interval));

        assertThat(mail.get(5, TimeUnit.SECONDS)).isEmpty();
        assertThat(sms.get(5, TimeUnit.SECONDS)).isEmpty();
        assertThat(otherTenant.get(5, TimeUnit.SECONDS)).isEmpty();
    }

    @Test
    void aWaiterWaitingForItsTurn_stillStopsAtItsOwnTimeout() throws Exception {
        ReadySignal.Waiter first = waiter(claim("mail", 1));
        ReadySignal.Waiter second = waiter(claim("mail", 1));
        CompletableFuture<List<Task>> firstResult = await(first, LONG);
        CompletableFuture<List<Task>> secondResult = await(second, TimeUnit.MILLISECONDS.toNanos(50));
        clock.awaitIdle(2);

        clock.advance(Duration.ofMillis(50));

        assertThat(secondResult.get(5, TimeUnit.SECONDS)).isEmpty();
        clock.awaitIdle(1);

        assertThat(firstResult).isNotDone();
        signal.signal();
        assertThat(firstResult.get(5, TimeUnit.SECONDS)).isEmpty();
    }

    /** {@code claim} registered as waiting, having seen the current generation; its group takes a turn only every 20 s. */
    private ReadySignal.Waiter waiter(TaskClaim claim) {
        return waiter(claim, LONG);
    }

    private ReadySignal.Waiter waiter(TaskClaim claim, long lookEveryNanos) {
        return signal.startWaiting(claim, signal.generation(), lookEveryNanos, System.nanoTime());
    }

    private CompletableFuture<List<Task>> await(ReadySignal.Waiter waiter, long nanos) {
        CompletableFuture<List<Task>> result = new CompletableFuture<>();
        Thread.ofPlatform().start(() -> {
            try {
                result.complete(signal.awaitWork(waiter, nanos));
            } catch (InterruptedException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    private static TaskClaim claim(String type, int limit) {
        return new TaskClaim("t", List.of(type), limit, "w", "token", null, NOW);
    }

    private static Task task(String type, Instant runAt) {
        return new TaskBuilder().id(UUID.randomUUID()).tenant("t").type(type).status(TaskStatus.PENDING).runAt(runAt)
                .createdAt(NOW).updatedAt(NOW).leaseSeconds(300).build();
    }
}
