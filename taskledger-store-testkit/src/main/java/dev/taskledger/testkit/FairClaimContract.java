package dev.taskledger.testkit;

import dev.taskledger.queue.ClaimClient;
import dev.taskledger.queue.SharedClaimRequest;
import dev.taskledger.queue.Task;
import dev.taskledger.queue.TaskSpec;
import dev.taskledger.queue.TaskStatus;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A shared worker's claim across tenants ({@code WorkService.claimShared}): round-robin over the tenants with pending
 * work, the limit split evenly between them, what one cannot fill going to the others; priorities within a tenant;
 * a listed set of tenants; the store's walk over the tenants with pending work ({@code TaskStore.tenantsWithPendingWork}).
 */
public abstract class FairClaimContract extends ServiceContractSupport {

    private static TaskSpec task(String type, Integer priority) {
        return new TaskSpec(type, "{}", null, Map.of(), priority, null, null, null, null, null, false);
    }

    private void createMany(String tenant, String type, int count) {
        tasks.createAll(tenant, IntStream.range(0, count).mapToObj(i -> task(type, null)).toList());
    }

    private List<Task> claimShared(Set<String> tenants, List<String> types, int limit) {
        try {
            return work.claimShared(new SharedClaimRequest(tenants, types, limit, "shared", null, 0), ClaimClient.UNWATCHED);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private List<String> pendingTenants(List<String> types, String after, int limit) {
        return tx(t -> t.tasks().tenantsWithPendingWork(types, after, limit));
    }

    private static Map<String, Integer> byTenant(List<Task> claimed) {
        Map<String, Integer> counts = new HashMap<>();
        claimed.forEach(t -> counts.merge(t.tenant(), 1, Integer::sum));
        return counts;
    }

    @Test
    public void tenantsWithPendingWork_walksTheTenantsInNameOrder_keepingThoseWithPendingTasksOfTheTypes() {
        createMany("t-a", "mail", 3);
        createMany("t-b", "sms", 2);
        createMany("t-c", "mail", 1);
        createMany("t-d", "mail", 1);
        claimShared(Set.of("t-d"), List.of(), 1); // t-d: processing only
        tasks.create("t-e", new TaskSpec("mail", "{}", null, Map.of(), null, null, 3_600L, null, null, null, false)); // not ready: still pending

        assertThat(pendingTenants(List.of(), null, 10)).containsExactly("t-a", "t-b", "t-c", "t-e");
        assertThat(pendingTenants(List.of("mail"), null, 10)).containsExactly("t-a", "t-c", "t-e");
        assertThat(pendingTenants(List.of("sms", "fax"), null, 10)).containsExactly("t-b");
        assertThat(pendingTenants(List.of(), "t-b", 10)).containsExactly("t-c", "t-e");
        assertThat(pendingTenants(List.of(), null, 2)).containsExactly("t-a", "t-b");
        assertThat(pendingTenants(List.of("none"), null, 10)).isEmpty();
    }

    @Test
    public void aSmallTenant_nextToABigBacklog_getsHalfOfEveryClaim_untilItsTasksAreGone() {
        createMany("big", "render", 300);
        createMany("small", "render", 10);

        List<Task> first = claimShared(Set.of(), List.of("render"), 10);
        assertThat(byTenant(first)).containsExactlyInAnyOrderEntriesOf(Map.of("big", 5, "small", 5));
        List<Task> second = claimShared(Set.of(), List.of("render"), 10);
        assertThat(byTenant(second)).containsExactlyInAnyOrderEntriesOf(Map.of("big", 5, "small", 5));
        assertThat(byTenant(claimShared(Set.of(), List.of("render"), 10))).as("small has no more: big fills the claim")
                .containsExactlyInAnyOrderEntriesOf(Map.of("big", 10));
        for (Task t : first) {
            assertThat(t.status()).isEqualTo(TaskStatus.PROCESSING);
            assertThat(tasks.get(t.tenant(), t.id()).leaseToken()).as("claimed for its own tenant").isEqualTo(t.leaseToken());
        }
    }

    @Test
    public void whatOneTenantCannotFill_goesToTheOthers() {
        createMany("big", "render", 50);
        createMany("small", "render", 2);
        createMany("medium", "render", 4);

        List<Task> claimed = claimShared(Set.of(), List.of(), 12);
        assertThat(claimed).hasSize(12);
        assertThat(byTenant(claimed)).containsExactlyInAnyOrderEntriesOf(Map.of("big", 6, "small", 2, "medium", 4));
    }

    @Test
    public void withMoreTenantsThanTheLimit_everyTenantIsServedBeforeAnyIsServedTwice() {
        List<String> tenants = List.of("t1", "t2", "t3", "t4", "t5");
        tenants.forEach(t -> createMany(t, "mail", 3));

        Map<String, Integer> served = new HashMap<>();
        for (int i = 0; i < 3; i++) { // 6 tasks for 5 tenants
            claimShared(Set.of(), List.of("mail"), 2).forEach(t -> served.merge(t.tenant(), 1, Integer::sum));
        }
        assertThat(served.keySet()).containsExactlyInAnyOrderElementsOf(tenants);
        assertThat(served.values()).allSatisfy(n -> assertThat(n).isBetween(1, 2));
    }

    @Test
    public void prioritiesStillApplyWithinATenant() {
        tasks.create("acme", task("mail", 1));
        Task urgent = tasks.create("acme", task("mail", 9)).task();
        tasks.create("globex", task("mail", 1));

        List<Task> claimed = claimShared(Set.of(), List.of("mail"), 2);
        assertThat(claimed).extracting(Task::tenant).containsExactlyInAnyOrder("acme", "globex");
        assertThat(claimed.stream().filter(t -> t.tenant().equals("acme")).findFirst().orElseThrow().id()).isEqualTo(urgent.id());
    }

    @Test
    public void aListedSetOfTenants_isAllTheWorkerTakes() {
        createMany("acme", "mail", 2);
        createMany("globex", "mail", 2);
        createMany("initech", "mail", 2);

        List<Task> claimed = claimShared(Set.of("acme", "initech", "nobody"), List.of(), 10);
        assertThat(byTenant(claimed)).containsExactlyInAnyOrderEntriesOf(Map.of("acme", 2, "initech", 2));
        assertThat(claimShared(Set.of("acme", "initech"), List.of(), 10)).isEmpty();
        assertThat(claimShared(Set.of(), List.of(), 10)).extracting(Task::tenant).containsOnly("globex");
    }

    @Test
    public void tasksNotReadyYet_areNotClaimed_andTheClaimWritesOneEventPerTask() {
        tasks.create("acme", new TaskSpec("mail", "{}", null, Map.of(), null, null, 60L, null, null, null, false));
        Task ready = tasks.create("globex", task("mail", null)).task();

        List<Task> claimed = claimShared(Set.of(), List.of(), 5);
        assertThat(claimed).extracting(Task::id).containsExactly(ready.id());
        assertThat(tasks.events("globex", ready.id()).getFirst().status()).isEqualTo(TaskStatus.PROCESSING);
        assertThat(tasks.events("globex", ready.id()).getFirst().actor()).isEqualTo("WORKER:shared");
    }
}
