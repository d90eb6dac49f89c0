package dev.taskledger.queue;

import java.time.Instant;
import java.util.List;

/**
 * A claim request as the store sees it: take up to {@code limit} pending tasks of {@code tenant} whose
 * {@code run_at <= now} and whose type is in {@code types} (empty = any type), in claim order
 * (priority desc, run_at, id), and move each to processing with the given lease. The lease expiry of a
 * task is {@code now + leaseSeconds} where {@code leaseSeconds} is this claim's value, or the task's own
 * {@code lease_seconds} when this claim's value is null.
 */
public record TaskClaim(String tenant, List<String> types, int limit, String worker, String leaseToken,
                        Integer leaseSeconds, Instant now) {
    public TaskClaim {
        types = List.copyOf(types);
    }

    /** This claim made at {@code at}: a claim takes its time once it holds its database connection. */
    public TaskClaim at(Instant at) {
        return new TaskClaim(tenant, types, limit, worker, leaseToken, leaseSeconds, at);
    }

    /** {@code pending} as this claim leaves it at {@code at}: what the store's claim writes, for a task handed over. */
    public Task applyTo(Task pending, Instant at) {
        int lease = leaseSeconds == null ? pending.leaseSeconds() : leaseSeconds;
        return pending.toBuilder().status(TaskStatus.PROCESSING).state("Processing").leaseOwner(worker)
                .leaseToken(leaseToken).leaseExpiresAt(at.plusSeconds(lease)).retryCount(pending.retryCount() + 1)
                .startedAt(at).updatedAt(at).version(pending.version() + 1).build();
    }
}
