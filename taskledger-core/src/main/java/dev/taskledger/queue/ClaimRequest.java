package dev.taskledger.queue;

import java.util.List;

/**
 * A worker's claim: up to {@code limit} ready tasks of {@code types} (empty = any). {@code leaseSeconds}
 * null uses each task's own; {@code waitSeconds} > 0 long-polls until a task is ready or the time is up.
 */
public record ClaimRequest(String tenant, List<String> types, int limit, String worker, Integer leaseSeconds,
                           int waitSeconds) {
    public ClaimRequest {
        types = types == null ? List.of() : List.copyOf(types);
    }
}
