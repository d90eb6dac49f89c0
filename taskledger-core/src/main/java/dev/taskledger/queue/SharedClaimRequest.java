package dev.taskledger.queue;

import java.util.List;
import java.util.Set;

/**
 * A shared worker's claim ({@link WorkService#claimShared}): up to {@code limit} ready tasks of {@code types} (empty =
 * any) from {@code tenants} (empty = every tenant), shared fairly between the tenants ({@link FairClaims}).
 * {@code leaseSeconds} null uses each task's own; {@code waitSeconds} > 0 long-polls.
 */
public record SharedClaimRequest(Set<String> tenants, List<String> types, int limit, String worker, Integer leaseSeconds,
                                 int waitSeconds) {
    public SharedClaimRequest {
        tenants = tenants == null ? Set.of() : Set.copyOf(tenants);
        types = types == null ? List.of() : List.copyOf(types);
    }
}
