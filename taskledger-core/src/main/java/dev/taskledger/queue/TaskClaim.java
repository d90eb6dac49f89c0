package dev.taskledger.queue;

import java.time.Instant;
import java.util.List;

/**
 * A claim request as the store sees it: take up to {@code limit} pending tasks of {@code tenant} whose
 * {@code run_at <= now} and whose type is in {@code types} (empty = any type), in claim order
 * (priority desc, run_at, id), and move each to processing with the given lease. The lease expiry of a
 * task is {@code now + leaseSeconds} where {@code leaseSeconds} is this claim's value, or the task's own
 * {@code lease_seconds} when this claim's value is null.
 *
 * <p>What a claim writes is {@link #applyTo}: a store that claims in one statement writes the same row, taking
 * {@link #CLAIMED_STATUS} and {@link #CLAIMED_STATE} as parameters rather than spelling them itself.
 */
public record TaskClaim(String tenant, List<String> types, int limit, String worker, String leaseToken,
                        Integer leaseSeconds, Instant now) {
    /** The status a claimed task has. */
    public static final TaskStatus CLAIMED_STATUS = TaskStatus.PROCESSING;
    /** The state text a claimed task has. */
    public static final String CLAIMED_STATE = TaskTransitions.PROCESSING;

    public TaskClaim {
        types = List.copyOf(types);
    }

    /** This claim made at {@code at}: a claim takes its time once it holds its database connection. */
    public TaskClaim at(Instant at) {
        return new TaskClaim(tenant, types, limit, worker, leaseToken, leaseSeconds, at);
    }

    /** {@code pending} as this claim leaves it, version included: the row the store's claim writes for each task it takes. */
    public Task applyTo(Task pending) {
        Task claimed = TaskTransitions.claim(pending, worker, leaseToken, leaseSeconds == null ? pending.leaseSeconds() : leaseSeconds, now);
        return claimed.toBuilder().version(pending.version() + 1).build();
    }
}
