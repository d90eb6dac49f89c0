package dev.taskledger.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.List;

/** The answer of {@code GET /api/v1/schedules/{id}/next}: the coming fire times, earliest first. */
public record FireTimesDto(@JsonProperty("fire_times") List<Instant> fireTimes) {
    public FireTimesDto {
        fireTimes = fireTimes == null ? List.of() : List.copyOf(fireTimes);
    }
}
