package dev.taskledger.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

/**
 * The body of {@code POST /api/v1/tasks/{id}/heartbeat}: extends the lease by {@code lease_seconds} (default:
 * the task's own) and may report {@code progress} (0-100), {@code state} and {@code metadata} (a JSON object
 * merged into the task's). {@code lease_token} may also come in the {@code Lease-Token} header.
 */
public record HeartbeatRequest(
        @JsonProperty("lease_token") String leaseToken,
        @JsonProperty("lease_seconds") Integer leaseSeconds,
        @JsonProperty("progress") Integer progress,
        @JsonProperty("state") String state,
        @JsonProperty("metadata") @JsonRawValue @JsonDeserialize(using = RawJson.class) String metadata) {

    public static final HeartbeatRequest EMPTY = new HeartbeatRequest(null, null, null, null, null);
}
