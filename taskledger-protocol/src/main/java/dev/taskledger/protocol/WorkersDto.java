package dev.taskledger.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/v1/workers}: the workers seen in the last minute (one of their tasks claimed, heartbeated, completed
 * or failed), most recently seen first, with how many tasks each holds now.
 */
public record WorkersDto(@JsonProperty("workers") List<Worker> workers) {
    public WorkersDto {
        workers = workers == null ? List.of() : List.copyOf(workers);
    }

    public record Worker(
            @JsonProperty("worker") String worker,
            @JsonProperty("in_flight") long inFlight,
            @JsonProperty("last_seen_at") Instant lastSeenAt) {
    }
}
