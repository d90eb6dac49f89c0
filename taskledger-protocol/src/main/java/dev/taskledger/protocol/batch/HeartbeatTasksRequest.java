package dev.taskledger.protocol.batch;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * The body of {@code POST /api/v1/tasks/heartbeat}: extends many leases at once, each judged on its own. The
 * answer is a {@link BatchOutcomesDto} in the same order; a cancelled task answers {@code conflict} with
 * {@code current_status: "cancelled"}.
 */
public record HeartbeatTasksRequest(@JsonProperty("heartbeats") List<Beat> heartbeats) {
    public HeartbeatTasksRequest {
        heartbeats = heartbeats == null ? List.of() : heartbeats;
    }

    /** One lease to extend, by {@code lease_seconds} (null = the task's own). */
    public record Beat(
            @JsonProperty("id") String id,
            @JsonProperty("lease_token") String leaseToken,
            @JsonProperty("lease_seconds") Integer leaseSeconds) {
    }
}
