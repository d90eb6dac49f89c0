package dev.taskledger.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The body of {@code POST /api/v1/tasks/{id}/release}: hands back a claimed task whose handler never started.
 * {@code lease_token} (required) may also come in the {@code Lease-Token} header.
 */
public record ReleaseRequest(@JsonProperty("lease_token") String leaseToken) {

    public static final ReleaseRequest EMPTY = new ReleaseRequest(null);
}
