package dev.taskledger.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The answer of {@code GET /health}: {@code status} ok or unavailable, the service name, and the database check. */
public record HealthDto(
        @JsonProperty("status") String status,
        @JsonProperty("service") String service,
        @JsonProperty("database") String database) {
}
