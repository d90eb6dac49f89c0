package dev.taskledger.client;

/**
 * Counters of a {@link Worker} since it started, for monitoring and tuning: how many claim requests it sent and
 * how many tasks they brought, and how many completion requests carried how many completions.
 */
public record WorkerStats(long claimRequests, long tasksClaimed, long completionRequests, long tasksCompleted,
                          long tasksFailed, long tasksDropped, long heartbeatRequests) {

    /** Tasks per claim request (0 when none was sent). */
    public double averageClaim() {
        return claimRequests == 0 ? 0 : (double) tasksClaimed / claimRequests;
    }

    /** Completions per completion request (0 when none was sent). */
    public double averageCompletionBatch() {
        return completionRequests == 0 ? 0 : (double) tasksCompleted / completionRequests;
    }
}
