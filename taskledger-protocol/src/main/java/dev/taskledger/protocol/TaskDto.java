package dev.taskledger.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A queue task on the wire. {@code payload} and {@code metadata} hold JSON text and are written as JSON
 * (not as strings). {@code taskId} repeats {@code id} for callers of the Task Repository Service, which read
 * {@code task_id}.
 * {@code status} is one of {@link #STATUSES}. {@code leaseToken} is present only in the answers to
 * claim, claim-by-id and heartbeat, i.e. only to the worker that holds the lease. Null fields are omitted.
 * {@code timeoutSeconds} bounds each attempt; {@code deadlineAt} ({@code started_at + timeout_seconds}, by the
 * server's clock) is when the current attempt times out, present while processing with a timeout.
 */
public record TaskDto(
        @JsonProperty("id") String id,
        @JsonProperty("task_id") String taskId,
        @JsonProperty("tenant") String tenant,
        @JsonProperty("type") String type,
        @JsonProperty("status") String status,
        @JsonProperty("state") String state,
        @JsonProperty("progress") int progress,
        @JsonProperty("priority") int priority,
        @JsonProperty("payload") @JsonRawValue @JsonDeserialize(using = RawJson.class) String payload,
        @JsonProperty("metadata") @JsonRawValue @JsonDeserialize(using = RawJson.class) String metadata,
        @JsonProperty("tags") Map<String, String> tags,
        @JsonProperty("error") String error,
        @JsonProperty("retry_count") int retryCount,
        @JsonProperty("max_attempts") int maxAttempts,
        @JsonProperty("lease_seconds") int leaseSeconds,
        @JsonProperty("run_at") Instant runAt,
        @JsonProperty("worker") String worker,
        @JsonProperty("lease_token") String leaseToken,
        @JsonProperty("lease_expires_at") Instant leaseExpiresAt,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("updated_at") Instant updatedAt,
        @JsonProperty("started_at") Instant startedAt,
        @JsonProperty("finished_at") Instant finishedAt,
        @JsonProperty("version") int version,
        @JsonProperty("concurrency_key") String concurrencyKey,
        @JsonProperty("rate_limited_until") Instant rateLimitedUntil,
        @JsonProperty("timeout_seconds") Integer timeoutSeconds,
        @JsonProperty("deadline_at") Instant deadlineAt) {

    /** The lowercase status names the API speaks, in lifecycle order. */
    public static final List<String> STATUSES = List.of("pending", "processing", "completed", "failed", "cancelled");
}
