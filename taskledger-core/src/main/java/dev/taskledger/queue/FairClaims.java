package dev.taskledger.queue;

import dev.taskledger.queue.spi.TaskStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * A shared worker's claim across tenants, served fairly: round-robin over the tenants with pending work.
 *
 * <p>The rule. The tenants in turn are those with pending work of the claim's types (or the worker's listed tenants),
 * in name order starting after the tenant this node served last ({@link #cursor}), wrapping around. The claim's
 * {@code limit} is split evenly over them in that order (the first {@code limit % n} get one more; with more tenants
 * than {@code limit}, the first {@code limit} tenants get one each and the next claim starts after them). Each
 * tenant's share is claimed with the ordinary one-tenant claim ({@link LimitedClaims#claim}: the store's claim under
 * the tenant's concurrency and rate limits), so priorities, claim order and limits apply within the tenant. What a tenant could not fill (fewer ready tasks than
 * its share) is split again over the tenants that filled theirs, until the limit is reached or nobody has more.
 * So a tenant with 10 ready tasks next to one with 1,000,000 gets half of every claim until its 10 are gone.
 *
 * <p>The cost of a claim: one walk over the tenants ({@link TaskStore#tenantsWithPendingWork}, an index probe per
 * tenant, at most {@link #MAX_TENANTS}) and one claim statement per tenant served; none of it grows with the size of
 * a tenant's backlog.
 */
final class FairClaims {
    /** The most tenants one claim considers; the next claim goes on after the last one served. */
    static final int MAX_TENANTS = 500;

    /** The tenant this node's last shared claim served last: the next claim starts after it. */
    private volatile String cursor;

    /**
     * Claims fairly across {@code tenants} (empty: every tenant) in the caller's transaction, each task as
     * {@code template} would claim it for its own tenant; {@code claimOneTenant} is the ordinary claim of one tenant
     * (with its concurrency and rate limits, {@link LimitedClaims}), {@code store} walks the tenants.
     *
     * @return the claimed tasks, tenant by tenant in turn order, each tenant's in claim order
     */
    List<Task> claim(TaskStore store, Function<TaskClaim, List<Task>> claimOneTenant, Set<String> tenants,
                     TaskClaim template, Instant now) {
        List<String> turn = inTurn(store, tenants, template.types());
        List<Task> claimed = new ArrayList<>();
        List<String> hungry = turn;
        int wanted = template.limit();
        boolean first = true;
        while (wanted > 0 && !hungry.isEmpty()) {
            List<String> filled = new ArrayList<>();
            int n = hungry.size();
            int base = wanted / n;
            int extra = wanted % n;
            for (int i = 0; i < n; i++) {
                int share = base + (i < extra ? 1 : 0);
                if (share == 0) {
                    break; // more tenants than tasks wanted: the next claim starts after the last one served
                }
                String tenant = hungry.get(i);
                List<Task> got = claimOneTenant.apply(new TaskClaim(tenant, template.types(), share, template.worker(),
                        template.leaseToken(), template.leaseSeconds(), now));
                claimed.addAll(got);
                wanted -= got.size();
                if (got.size() == share) {
                    filled.add(tenant); // may have more
                }
                if (first) {
                    cursor = tenant;
                }
            }
            first = false;
            hungry = filled;
        }
        return claimed;
    }

    /** The tenants to serve, in turn order: those after {@link #cursor} first, then from the start. */
    private List<String> inTurn(TaskStore store, Set<String> tenants, List<String> types) {
        String after = cursor;
        Set<String> turn = new LinkedHashSet<>();
        if (!tenants.isEmpty()) { // a listed set: no walk, each gets its turn (a tenant without work claims nothing)
            List<String> sorted = tenants.stream().sorted().toList();
            sorted.stream().filter(t -> after == null || t.compareTo(after) > 0).forEach(turn::add);
            turn.addAll(sorted);
            return new ArrayList<>(turn);
        }
        turn.addAll(store.tenantsWithPendingWork(types, after, MAX_TENANTS));
        if (after != null && turn.size() < MAX_TENANTS) { // wrap around; a tenant met twice keeps its first place
            turn.addAll(store.tenantsWithPendingWork(types, null, MAX_TENANTS));
        }
        return new ArrayList<>(turn);
    }
}
