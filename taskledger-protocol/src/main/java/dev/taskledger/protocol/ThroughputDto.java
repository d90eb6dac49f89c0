package dev.taskledger.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.List;

/** {@code GET /api/v1/stats/throughput}: the last 60 minutes (UTC), oldest first, with the tasks completed and failed in each. */
public record ThroughputDto(@JsonProperty("minutes") List<Minute> minutes) {
    public ThroughputDto {
        minutes = minutes == null ? List.of() : List.copyOf(minutes);
    }

    public record Minute(
            @JsonProperty("minute") Instant minute,
            @JsonProperty("completed") long completed,
            @JsonProperty("failed") long failed) {
    }
}
