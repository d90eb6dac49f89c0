package dev.taskledger.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;

/**
 * {@code GET /api/v1/outbox}: whether task events are published (a broker is configured), and if so how many messages
 * wait to be published and since when (the oldest's creation time and age; absent when none waits).
 */
public record OutboxLagDto(
        @JsonProperty("enabled") boolean enabled,
        @JsonProperty("unsent") Long unsent,
        @JsonProperty("oldest_created_at") Instant oldestCreatedAt,
        @JsonProperty("oldest_age_seconds") Double oldestAgeSeconds) {
}
