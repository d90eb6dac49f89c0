package dev.taskledger.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;

/**
 * A limit as {@code GET /api/v1/limits} shows it, with its use now: {@code running} tasks it counts (processing under
 * an unexpired lease), {@code started_in_period} starts in its rate window, and {@code rate_limited_until}, when
 * its rate is spent, the time the next start is free.
 */
public record LimitDto(
        @JsonProperty("type") String type,
        @JsonProperty("concurrency_key") String concurrencyKey,
        @JsonProperty("max_running") Integer maxRunning,
        @JsonProperty("rate") LimitRequest.Rate rate,
        @JsonProperty("running") long running,
        @JsonProperty("started_in_period") Integer startedInPeriod,
        @JsonProperty("rate_limited_until") Instant rateLimitedUntil,
        @JsonProperty("updated_at") Instant updatedAt) {
}
