package dev.taskledger.testkit;

import dev.taskledger.queue.Task;
import dev.taskledger.queue.TaskClaim;
import dev.taskledger.queue.TaskStatus;
import dev.taskledger.queue.spi.NewTaskRow;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.taskledger.testkit.JsonText.assertSameTask;
import static dev.taskledger.testkit.SampleTasks.OTHER_TENANT;
import static dev.taskledger.testkit.SampleTasks.T0;
import static dev.taskledger.testkit.SampleTasks.TENANT;
import static dev.taskledger.testkit.SampleTasks.finished;
import static dev.taskledger.testkit.SampleTasks.idsOf;
import static dev.taskledger.testkit.SampleTasks.pending;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code TaskStore.claim}: which tasks, in which order, and exactly what a claim writes. */
public abstract class ClaimContract extends StoreContractSupport {

    private void insert(List<Task> tasks) {
        List<Task> copy = new ArrayList<>(tasks);
        Collections.shuffle(copy, new Random(7));
        run(tx -> tx.insertTasks(NewTaskRow.withoutEvents(copy), null));
    }

    private List<Task> claim(List<String> types, int limit, Integer leaseSeconds) {
        return claim(TENANT, types, limit, "w1", leaseSeconds);
    }

    private List<Task> claim(String tenant, List<String> types, int limit, String worker, Integer leaseSeconds) {
        TaskClaim c = new TaskClaim(tenant, types, limit, worker, "lease-" + worker + "-" + SampleTasks.newId(),
                leaseSeconds, T0);
        return tx(tx -> tx.tasks().claim(c));
    }

    @Test
    public void claim_movesTaskToProcessing_withLeaseAttemptAndVersion() {
        Task t = pending("mail").runAt(T0.minusSeconds(10)).retryCount(1).error("earlier attempt failed")
                .leaseSeconds(120).version(4).updatedAt(T0.minusSeconds(10)).build();
        insert(List.of(t));
        TaskClaim c = new TaskClaim(TENANT, List.of("mail"), 10, "worker-7", "token-abc", null, T0);

        List<Task> claimed = tx(tx -> tx.tasks().claim(c));

        assertThat(claimed).hasSize(1);
        Task got = claimed.getFirst();
        assertThat(got.status()).isEqualTo(TaskStatus.PROCESSING);
        assertThat(got.leaseOwner()).isEqualTo("worker-7");
        assertThat(got.leaseToken()).isEqualTo("token-abc");
        assertThat(got.leaseExpiresAt()).as("now + the task's lease_seconds").isEqualTo(T0.plusSeconds(120));
        assertThat(got.retryCount()).isEqualTo(2);
        assertThat(got.startedAt()).isEqualTo(T0);
        assertThat(got.updatedAt()).isEqualTo(T0);
        assertThat(got.error()).as("error unchanged").isEqualTo("earlier attempt failed");
        assertThat(got.version()).isEqualTo(5);
        assertThat(got.id()).isEqualTo(t.id());
        assertThat(got.createdAt()).isEqualTo(t.createdAt());
        assertThat(got.runAt()).isEqualTo(t.runAt());
        assertSameTask(tx(tx -> tx.tasks().get(TENANT, t.id())).orElseThrow(), got);
    }

    /**
     * Every claim statement (one type, several types, any type; the task's lease or the claim's) writes exactly the
     * row the state machine computes: {@link TaskClaim#applyTo} of the pending row as stored, field by field.
     */
    @Test
    public void claim_writesExactlyTheRowOfTaskClaimApplyTo_onEveryClaimPath() {
        List<List<String>> typeLists = List.of(List.of("mail"), List.of("mail", "sms"), List.of());
        for (List<String> types : typeLists) {
            for (Integer leaseSeconds : Arrays.asList(null, 45)) {
                Task t = pending("mail").runAt(T0.minusSeconds(10)).retryCount(1).error("earlier attempt failed")
                        .state("Waiting for a slot").progress(30).metadata("{\"k\":[1,2]}").tags(Map.of("team", "ops"))
                        .leaseSeconds(120).version(4).updatedAt(T0.minusSeconds(10)).build();
                insert(List.of(t));
                Task stored = tx(tx -> tx.tasks().get(TENANT, t.id())).orElseThrow();
                TaskClaim c = new TaskClaim(TENANT, types, 1, "worker-7", "token-" + t.id(), leaseSeconds, T0);

                List<Task> claimed = tx(tx -> tx.tasks().claim(c));

                assertThat(claimed).as("types %s, lease %s", types, leaseSeconds).hasSize(1);
                assertSameTask(claimed.getFirst(), c.applyTo(stored));
                assertSameTask(tx(tx -> tx.tasks().get(TENANT, t.id())).orElseThrow(), c.applyTo(stored));
                assertThat(claimed.getFirst().state()).isEqualTo(TaskClaim.CLAIMED_STATE);
            }
        }
    }

    @Test
    public void claim_leaseSecondsOfTheClaim_overrideTheTasksOwn() {
        insert(List.of(pending("mail").leaseSeconds(300).build()));

        Task got = claim(List.of(), 1, 17).getFirst();

        assertThat(got.leaseExpiresAt()).isEqualTo(T0.plusSeconds(17));
    }

    @Test
    public void claim_withoutLeaseSeconds_usesEachTasksOwn() {
        Task a = pending("mail").priority(2).leaseSeconds(30).build();
        Task b = pending("mail").priority(1).leaseSeconds(600).build();
        insert(List.of(a, b));

        List<Task> got = claim(List.of(), 2, null);

        assertThat(got).extracting(Task::leaseExpiresAt).containsExactly(T0.plusSeconds(30), T0.plusSeconds(600));
    }

    @Test
    public void claim_takesOnlyTheRequestedTypes() {
        Task mail = pending("mail").build();
        Task sms = pending("sms").build();
        Task push = pending("push").build();
        insert(List.of(mail, sms, push));

        assertThat(idsOf(claim(List.of("sms", "push"), 10, null))).containsExactlyInAnyOrder(sms.id(), push.id());
        assertThat(tx(tx -> tx.tasks().get(TENANT, mail.id())).orElseThrow().status()).isEqualTo(TaskStatus.PENDING);
    }

    @Test
    public void claim_emptyTypes_claimsAnyType() {
        insert(List.of(pending("mail").build(), pending("sms").build(), pending("x.y/z").build()));

        assertThat(claim(List.of(), 10, null)).hasSize(3);
    }

    @Test
    public void claim_takesAtMostLimit() {
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            tasks.add(pending("mail").build());
        }
        insert(tasks);

        assertThat(claim(List.of("mail"), 3, null)).hasSize(3);
        assertThat(claim(List.of("mail"), 3, null)).hasSize(3);
        assertThat(claim(List.of("mail"), 3, null)).hasSize(1);
        assertThat(claim(List.of("mail"), 3, null)).isEmpty();
    }

    @Test
    public void claim_skipsTasksNotYetDue_butTakesTasksDueExactlyNow() {
        Task future = pending("mail").runAt(T0.plusMillis(1)).build();
        Task dueNow = pending("mail").runAt(T0).build();
        Task overdue = pending("mail").runAt(T0.minusSeconds(86_400)).build();
        insert(List.of(future, dueNow, overdue));

        List<Task> got = claim(List.of(), 10, null);

        assertThat(idsOf(got)).containsExactlyInAnyOrder(dueNow.id(), overdue.id());
        assertThat(tx(tx -> tx.tasks().get(TENANT, future.id())).orElseThrow().status()).isEqualTo(TaskStatus.PENDING);
    }

    @Test
    public void claim_neverTakesAnotherTenantsTasks() {
        Task foreign = pending(OTHER_TENANT, "mail").priority(99).build();
        Task mine = pending("mail").build();
        insert(List.of(foreign, mine));

        assertThat(idsOf(claim(List.of(), 10, null))).containsExactly(mine.id());
        assertThat(idsOf(claim(OTHER_TENANT, List.of(), 10, "w2", null))).containsExactly(foreign.id());
    }

    @Test
    public void claim_takesOnlyPendingTasks() {
        insert(List.of(SampleTasks.processing("mail", "other", T0.minusSeconds(1)).build(),
                finished("mail", TaskStatus.COMPLETED, T0).runAt(T0.minusSeconds(5)).build(),
                finished("mail", TaskStatus.FAILED, T0).runAt(T0.minusSeconds(5)).build(),
                finished("mail", TaskStatus.CANCELLED, T0).runAt(T0.minusSeconds(5)).build()));

        assertThat(claim(List.of(), 10, null)).as("expired leases are the rescuer's job, not claim's").isEmpty();
    }

    @Test
    public void claim_returnsTasksInClaimOrder_priorityDescThenRunAtThenId() {
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            tasks.add(pending("mail").priority(i % 3 - 1).runAt(T0.minusSeconds(i % 2)).build());
        }
        insert(tasks);
        List<Task> expected = tasks.stream().sorted(TaskListContract.CLAIM_ORDER).toList();

        List<Task> first = claim(List.of(), 5, null);
        List<Task> rest = claim(List.of(), 100, null);

        assertThat(idsOf(first)).containsExactlyElementsOf(idsOf(expected.subList(0, 5)));
        assertThat(idsOf(rest)).containsExactlyElementsOf(idsOf(expected.subList(5, 12)));
    }

    @Test
    public void claim_higherPriorityWins_evenWhenNewerAndLaterDue() {
        Task oldLow = pending("mail").priority(1).runAt(T0.minusSeconds(3600)).build();
        Task newHigh = pending("mail").priority(5).runAt(T0).build();
        insert(List.of(oldLow, newHigh));

        assertThat(idsOf(claim(List.of(), 1, null))).containsExactly(newHigh.id());
    }

    @Test
    public void claim_repeated_neverReturnsTheSameTaskTwice() {
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            tasks.add(pending(i % 2 == 0 ? "a" : "b").build());
        }
        insert(tasks);

        List<Task> seen = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            seen.addAll(claim(TENANT, List.of(), 3, "w" + i, null));
        }

        assertThat(idsOf(seen)).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(idsOf(tasks));
    }

    @Test
    public void claim_nothingReady_returnsEmptyList() {
        assertThat(claim(List.of(), 10, null)).isEmpty();
        assertThat(claim(List.of("mail"), 10, 60)).isEmpty();
    }

    @Test
    public void claim_whileAnotherTransactionStillHoldsItsClaimedRows_takesOtherTasksWithoutWaiting() throws Exception {
        assumeTrue(capabilities().skipLocked(), capabilities().name() + " does not claim with SKIP LOCKED");
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            tasks.add(pending("mail").priority(10 - i).build());
        }
        insert(tasks);
        CountDownLatch claimedByA = new CountDownLatch(1);
        CountDownLatch releaseA = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<List<Task>> a = pool.submit(() -> tx(tx -> {
                List<Task> got = tx.tasks().claim(new TaskClaim(TENANT, List.of(), 2, "a", "tok-a", null, T0));
                claimedByA.countDown();
                try {
                    releaseA.await(30, TimeUnit.SECONDS); // keep the transaction (and its row locks) open
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return got;
            }));
            assertThat(claimedByA.await(30, TimeUnit.SECONDS)).isTrue();

            Future<List<Task>> b = pool.submit(() -> claim(TENANT, List.of(), 10, "b", null));
            List<Task> gotB = b.get(10, TimeUnit.SECONDS);
            releaseA.countDown();
            List<Task> gotA = a.get(30, TimeUnit.SECONDS);

            assertThat(idsOf(gotA)).containsExactly(tasks.get(0).id(), tasks.get(1).id());
            assertThat(idsOf(gotB)).containsExactly(tasks.get(2).id(), tasks.get(3).id());
        } finally {
            releaseA.countDown();
            pool.shutdownNow();
        }
    }
}
