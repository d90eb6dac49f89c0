package dev.taskledger.testkit;

import dev.taskledger.common.ServiceException;
import dev.taskledger.queue.ClaimLimits;
import dev.taskledger.queue.ClaimRequest;
import dev.taskledger.queue.Completion;
import dev.taskledger.queue.Failure;
import dev.taskledger.queue.Limit;
import dev.taskledger.queue.LimitService;
import dev.taskledger.queue.Queue;
import dev.taskledger.queue.ReadySignal;
import dev.taskledger.queue.Task;
import dev.taskledger.queue.TaskSpec;
import dev.taskledger.queue.WorkService;
import dev.taskledger.queue.spi.LimitStore;
import dev.taskledger.store.Store;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Concurrency and rate limits ({@link LimitService}, {@link ClaimLimits}): what a claim may take, what frees a slot,
 * what the listing and stats say, bad input; and, with two nodes on one database, that the limits hold across them.
 */
public abstract class LimitContract extends ServiceContractSupport {

    /** Tasks in the two-node drain under per-key limits; a slow test double may run fewer. */
    protected int limitedDrainTasks() {
        return 5_000;
    }

    private static TaskSpec task(String type, String key) {
        return new TaskSpec(type, "{}", null, Map.of(), null, null, null, null, null, null, false, key);
    }

    private static LimitService.Spec running(String type, String key, int max) {
        return new LimitService.Spec(type, key, max, null);
    }

    /**
     * The second node's work service over {@code other}, or, where the database serialises all writers anyway
     * (SQLite: one writer per file; two stores on one file only queue for its lock, and time out on a busy machine),
     * this node's: the claimers then race on one node, which still proves the limits hold across concurrent claims.
     */
    private WorkService secondNode(Store other) {
        if (!capabilities().skipLocked()) {
            System.out.println(capabilities().name() + ": all claimers on one node (one writer per database file)");
            return work;
        }
        return new Queue(other, clock, new ReadySignal(), SETTINGS).work();
    }

    private List<Task> claimFor(String worker, List<String> types, int limit) {
        try {
            return work.claim(new ClaimRequest(TENANT, types, limit, worker, null, 0));
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private void complete(Task t) {
        work.complete(TENANT, t.id(), t.leaseToken(), null);
    }

    @Test
    public void typeLimit_claimTakesNoMoreThanMaxRunning_andACompletionFreesTheSlot() {
        limits.put(TENANT, running("mail", null, 2));
        for (int i = 0; i < 5; i++) {
            create(task("mail", null));
        }
        create(task("sms", null));

        List<Task> first = claimFor("w1", List.of("mail"), 10);
        assertThat(first).hasSize(2);
        assertThat(claimFor("w2", List.of("mail"), 10)).as("the limit is full").isEmpty();
        assertThat(claimFor("w2", List.of(), 10)).as("a type without limits is claimed as ever")
                .extracting(Task::type).containsExactly("sms");

        complete(first.getFirst());
        assertThat(claimFor("w3", List.of("mail"), 10)).as("the completion freed one slot").hasSize(1);
        Task second = first.get(1);
        work.fail(TENANT, second.id(), new Failure(second.leaseToken(), "boom", true, 0L));
        assertThat(claimFor("w4", List.of("mail"), 10)).as("a failed attempt frees its slot too").hasSize(1);
    }

    @Test
    public void keyLimits_holdPerKey_andAKeyLimitWithoutTypeSpansTypes() {
        limits.put(TENANT, running("mail", "acme", 1));
        limits.put(TENANT, running(null, "globex", 1));
        create(task("mail", "acme"));
        create(task("mail", "acme"));
        create(task("mail", "globex"));
        create(task("sms", "globex"));
        create(task("mail", "initech"));
        create(task("mail", null));

        List<Task> claimed = claimFor("w1", List.of(), 10);

        assertThat(claimed).extracting(Task::concurrencyKey)
                .containsExactlyInAnyOrder("acme", "globex", "initech", null);
        assertThat(claimFor("w2", List.of(), 10)).as("acme and globex are full, of any type").isEmpty();
        Task waiting = tasks.list(new dev.taskledger.queue.TaskQuery(TENANT, dev.taskledger.queue.TaskStatus.PENDING,
                null, null, null, null, 10, null)).items().getFirst();
        assertFailsWith(ServiceException.Kind.CONFLICT, () -> work.claimOne(TENANT, waiting.id(), "w3", null));
    }

    @Test
    public void cancelReleaseAndLeaseExpiry_freeTheSlotAtOnce() {
        limits.put(TENANT, running("mail", null, 1));
        for (int i = 0; i < 4; i++) {
            create(task("mail", null));
        }
        Task a = claimFor("w1", List.of("mail"), 5).getFirst();
        tasks.cancel(TENANT, a.id());
        Task b = claimFor("w1", List.of("mail"), 5).getFirst();
        work.release(TENANT, b.id(), b.leaseToken());
        Task c = claimFor("w1", List.of("mail"), 5).getFirst();
        assertThat(claimFor("w2", List.of("mail"), 5)).isEmpty();

        clock.advanceSeconds(c.leaseSeconds() + 1);

        assertThat(claimFor("w2", List.of("mail"), 5)).as("an expired lease frees its slot before the rescuer runs").hasSize(1);
    }

    @Test
    public void rateLimit_startsAtMostCountPerPeriod_andTheListingSaysWhenTheNextStartIsFree() {
        limits.put(TENANT, new LimitService.Spec("mail", null, null, new Limit.Rate(3, 10)));
        for (int i = 0; i < 7; i++) {
            create(task("mail", null));
        }
        Instant t0 = clock.instant();

        List<Task> first = claimFor("w1", List.of("mail"), 10);
        first.forEach(this::complete);
        assertThat(first).hasSize(3);
        assertThat(claimFor("w1", List.of("mail"), 10)).as("rate spent, though nothing runs").isEmpty();
        List<Task> pending = tasks.list(new dev.taskledger.queue.TaskQuery(TENANT, dev.taskledger.queue.TaskStatus.PENDING,
                null, null, null, null, 100, null)).items();
        Map<java.util.UUID, Instant> until = limits.rateLimitedUntil(TENANT, pending);
        assertThat(until).hasSize(4);
        assertThat(until.values()).containsOnly(t0.plusSeconds(10));
        assertThat(limits.waiting(TENANT)).containsExactly(new LimitService.Waiting("mail", 0, 0, 4));

        clock.advance(Duration.ofMillis(9_999));
        assertThat(claimFor("w1", List.of("mail"), 10)).isEmpty();
        clock.advance(Duration.ofMillis(1));
        assertThat(claimFor("w1", List.of("mail"), 10)).as("a period later").hasSize(3);
        assertThat(limits.list(TENANT).getFirst().startedInPeriod()).isEqualTo(3);
    }

    @Test
    public void listAndStats_showUse_andDeleteRemovesTheLimit() {
        limits.put(TENANT, running("mail", null, 1));
        create(task("mail", null));
        create(task("mail", null));
        claimFor("w1", List.of("mail"), 5);

        List<ClaimLimits.Use> listed = limits.list(TENANT);
        assertThat(listed).hasSize(1);
        assertThat(listed.getFirst().running()).isEqualTo(1);
        assertThat(limits.waiting(TENANT)).containsExactly(new LimitService.Waiting("mail", 1, 1, 0));
        assertThat(limits.list(OTHER_TENANT)).as("limits are per tenant").isEmpty();

        limits.delete(TENANT, "mail", null);

        assertThat(limits.list(TENANT)).isEmpty();
        assertThat(claimFor("w2", List.of("mail"), 5)).as("no limit any more").hasSize(1);
        assertFailsWith(ServiceException.Kind.NOT_FOUND, () -> limits.delete(TENANT, "mail", null));
    }

    @Test
    public void badLimits_areRefused() {
        assertFailsWith(ServiceException.Kind.INVALID, () -> limits.put(TENANT, running("mail", null, -1)));
        assertFailsWith(ServiceException.Kind.INVALID, () -> limits.put(TENANT, running(null, null, 1)));
        assertFailsWith(ServiceException.Kind.INVALID, () -> limits.put(TENANT, new LimitService.Spec("mail", null, null, null)));
        assertFailsWith(ServiceException.Kind.INVALID, () -> limits.put(TENANT,
                new LimitService.Spec("mail", null, null, new Limit.Rate(0, 1))));
        assertFailsWith(ServiceException.Kind.INVALID, () -> limits.put(TENANT,
                new LimitService.Spec("mail", null, null, new Limit.Rate(1, -5))));
        assertFailsWith(ServiceException.Kind.INVALID, () -> limits.put(TENANT, running("mail", "k".repeat(201), 1)));
        assertFailsWith(ServiceException.Kind.INVALID, () -> create(task("mail", "k".repeat(201))));
        assertThat(limits.list(TENANT)).isEmpty();
    }

    @Test
    public void aWaitingClaim_isWokenWhenASlotFrees() throws Exception {
        limits.put(TENANT, running("mail", null, 1));
        create(task("mail", null));
        create(task("mail", null));
        Task held = claimFor("w1", List.of("mail"), 1).getFirst();
        CompletableFuture<List<Task>> waiting = claimAsync(work, new ClaimRequest(TENANT, List.of("mail"), 1, "w2", null, 10));
        Thread.sleep(100); // let it start waiting (if it has not, it finds the slot free when it looks)

        complete(held);

        assertThat(waiting.get(5, TimeUnit.SECONDS)).hasSize(1);
    }

    /**
     * 8 claimers on two nodes (4 each) drain 5,000 tasks ({@link #limitedDrainTasks}) over 20 keys, each key limited to 3 running; a sampler reads
     * the database's running counts throughout, and each claimer keeps its own count (raised after a claim commits,
     * lowered before the completion is sent, so it never exceeds the database's). Neither exceeds 3 for any key.
     */
    @Test
    public void twoNodes_eightClaimers_neverRunMoreThanTheLimitPerKey() throws Exception {
        try (Store other = anotherNode()) {
            int keys = 20;
            int total = limitedDrainTasks();
            for (int k = 0; k < keys; k++) {
                limits.put(TENANT, running("job", "key-" + k, 3));
            }
            List<TaskSpec> specs = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                specs.add(task("job", "key-" + (i % keys)));
            }
            Collections.shuffle(specs, new java.util.Random(3));
            for (int i = 0; i < total; i += 1_000) {
                tasks.createAll(TENANT, specs.subList(i, Math.min(total, i + 1_000)));
            }
            WorkService otherWork = secondNode(other);
            Map<String, AtomicInteger> mine = new ConcurrentHashMap<>();
            AtomicInteger maxSeenByClaimers = new AtomicInteger();
            AtomicInteger maxSampled = new AtomicInteger();
            AtomicInteger samples = new AtomicInteger();
            AtomicInteger done = new AtomicInteger();
            AtomicBoolean draining = new AtomicBoolean(true);
            Thread sampler = Thread.ofPlatform().start(() -> {
                while (draining.get()) {
                    for (LimitStore.Usage u : store.inTransaction(tx -> tx.limits().running(TENANT, clock.instant()))) {
                        maxSampled.accumulateAndGet((int) u.count(), Math::max);
                    }
                    samples.incrementAndGet();
                    try {
                        Thread.sleep(2);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            List<Throwable> errors = Races.race(8, thread -> {
                WorkService node = thread % 2 == 0 ? work : otherWork;
                while (done.get() < total) {
                    List<Task> got = node.claim(new ClaimRequest(TENANT, List.of("job"), 5, "w" + thread, null, 0));
                    for (Task t : got) {
                        int now = mine.computeIfAbsent(t.concurrencyKey(), k -> new AtomicInteger()).incrementAndGet();
                        maxSeenByClaimers.accumulateAndGet(now, Math::max);
                    }
                    List<Completion> completions = new ArrayList<>();
                    for (Task t : got) {
                        mine.get(t.concurrencyKey()).decrementAndGet();
                        completions.add(new Completion(t.id(), t.leaseToken(), null));
                    }
                    if (!completions.isEmpty()) {
                        node.completeAll(TENANT, completions);
                        done.addAndGet(got.size());
                    } else {
                        Thread.onSpinWait();
                    }
                }
            });
            draining.set(false);
            sampler.join();

            assertThat(errors).isEmpty();
            assertThat(done.get()).isEqualTo(total);
            assertThat(samples.get()).as("the sampler read the database throughout").isGreaterThan(10);
            assertThat(maxSampled.get()).as("running per key, sampled from the database").isBetween(1, 3);
            assertThat(maxSeenByClaimers.get()).as("running per key, as the claimers counted").isBetween(1, 3);
        }
    }

    /**
     * 1,000 tasks limited to 50 starts per second, claimed by 4 claimers on two nodes while a driver moves the shared
     * clock on in 10 ms steps: every half-open one-second window [t, t + 1 s) holds at most 50 starts (a closed
     * window [t, t + 1 s] may hold 51: a start exactly one period after another is in the next window).
     */
    @Test
    public void twoNodes_fourClaimers_startAtMostTheRatePerSecond() throws Exception {
        try (Store other = anotherNode()) {
            int total = 1_000;
            limits.put(TENANT, new LimitService.Spec("job", null, null, new Limit.Rate(50, 1)));
            List<TaskSpec> specs = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                specs.add(task("job", null));
            }
            tasks.createAll(TENANT, specs);
            Instant start = clock.instant();
            WorkService otherWork = secondNode(other);
            List<Instant> starts = new CopyOnWriteArrayList<>();
            AtomicBoolean running = new AtomicBoolean(true);
            Thread driver = Thread.ofPlatform().start(() -> {
                while (running.get() && starts.size() < total) {
                    clock.advance(Duration.ofMillis(10));
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            List<Throwable> errors = Races.race(4, thread -> {
                WorkService node = thread % 2 == 0 ? work : otherWork;
                while (starts.size() < total) {
                    List<Task> got = node.claim(new ClaimRequest(TENANT, List.of("job"), 20, "w" + thread, null, 0));
                    got.forEach(t -> starts.add(t.startedAt()));
                    if (got.isEmpty()) {
                        Thread.sleep(1);
                    }
                }
            });
            running.set(false);
            driver.join();

            assertThat(errors).isEmpty();
            assertThat(starts).hasSize(total);
            List<Long> at = starts.stream().map(i -> i.toEpochMilli()).sorted().toList();
            int most = 0;
            for (int i = 0, j = 0; i < at.size(); i++) {
                while (at.get(i) - at.get(j) >= 1_000) {
                    j++;
                }
                most = Math.max(most, i - j + 1);
            }
            assertThat(most).as("starts in any window [t, t + 1 s)").isEqualTo(50);
            long seconds = Duration.between(start, Instant.ofEpochMilli(at.getLast())).toSeconds();
            assertThat(seconds).as("1,000 starts at 50/s take at least 19 s of the clock (more when claims lag behind it)")
                    .isGreaterThanOrEqualTo(19L);
        }
    }
}
