package dev.taskledger.protocol.batch;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.List;

/** The answer to a batched complete or heartbeat: one outcome per item, in request order. */
public record BatchOutcomesDto(@JsonProperty("outcomes") List<Outcome> outcomes) {
    public static final String OK = "ok";
    public static final String CONFLICT = "conflict";
    public static final String LEASE_LOST = "lease_lost";
    public static final String NOT_FOUND = "not_found";
    public static final String INVALID = "invalid";

    public BatchOutcomesDto {
        outcomes = outcomes == null ? List.of() : List.copyOf(outcomes);
    }

    /**
     * One item's outcome. {@code outcome} is {@code ok}, {@code conflict} (the task is not processing;
     * {@code current_status} says what it is), {@code lease_lost} (another claim holds it now), {@code not_found}
     * or {@code invalid}; {@code status} is the HTTP status and {@code type} the problem type
     * ({@link dev.taskledger.protocol.ProblemType}) the single-item call would have answered; a client switches on
     * {@code type}.
     */
    public record Outcome(
            @JsonProperty("id") String id,
            @JsonProperty("outcome") String outcome,
            @JsonProperty("status") int status,
            @JsonProperty("type") String type,
            @JsonProperty("current_status") String currentStatus,
            @JsonProperty("detail") String detail,
            @JsonProperty("lease_expires_at") Instant leaseExpiresAt) {

        public boolean isOk() {
            return OK.equals(outcome);
        }

        /** The problem type of a refused item; null for {@code ok} or a type this client does not know. */
        public dev.taskledger.protocol.ProblemType problemType() {
            return dev.taskledger.protocol.ProblemType.fromUri(type);
        }
    }
}
