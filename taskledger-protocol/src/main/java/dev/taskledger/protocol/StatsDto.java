package dev.taskledger.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Queue statistics of one tenant: task counts per (type, status), totals per status (every status present,
 * zero included), and the oldest ready pending task's {@code run_at} and age in seconds (absent when none), also per
 * type ({@code oldest_ready_by_type}, types with a ready task only); for a tenant with limits, {@code limits} per type.
 */
public record StatsDto(
        @JsonProperty("counts") List<Count> counts,
        @JsonProperty("by_status") Map<String, Long> byStatus,
        @JsonProperty("oldest_ready_run_at") Instant oldestReadyRunAt,
        @JsonProperty("oldest_ready_age_seconds") Double oldestReadyAgeSeconds,
        @JsonProperty("oldest_ready_by_type") List<OldestReady> oldestReadyByType,
        @JsonProperty("limits") List<LimitedType> limits) {

    /** Stats without limit figures. */
    public StatsDto(List<Count> counts, Map<String, Long> byStatus, Instant oldestReadyRunAt, Double oldestReadyAgeSeconds,
                    List<OldestReady> oldestReadyByType) {
        this(counts, byStatus, oldestReadyRunAt, oldestReadyAgeSeconds, oldestReadyByType, null);
    }

    /** The oldest ready pending task of {@code type}: its run_at and age in seconds. */
    public record OldestReady(
            @JsonProperty("type") String type,
            @JsonProperty("run_at") Instant runAt,
            @JsonProperty("age_seconds") double ageSeconds) {
    }

    /**
     * Per type of a tenant with limits: tasks running (processing under an unexpired lease), and ready tasks held
     * back by a full concurrency limit ({@code limited_waiting}) or by a spent rate ({@code rate_limited_waiting}).
     */
    public record LimitedType(
            @JsonProperty("type") String type,
            @JsonProperty("running") long running,
            @JsonProperty("limited_waiting") long limitedWaiting,
            @JsonProperty("rate_limited_waiting") long rateLimitedWaiting) {
    }

    /** How many tasks of {@code type} are in {@code status}. */
    public record Count(
            @JsonProperty("type") String type,
            @JsonProperty("status") String status,
            @JsonProperty("count") long count) {
    }
}
