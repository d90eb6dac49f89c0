package dev.taskledger.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An RFC 9457 problem: the body of every error response ({@link Json#PROBLEM_CONTENT_TYPE}).
 * Extension members: {@code current_status} on a 409 about a task (so a worker can tell "cancelled" from
 * "lease lost"), and {@code request_id}, which also appears in the server's log line for the request.
 */
public record ProblemDto(
        @JsonProperty("type") String type,
        @JsonProperty("title") String title,
        @JsonProperty("status") int status,
        @JsonProperty("detail") String detail,
        @JsonProperty("instance") String instance,
        @JsonProperty("current_status") String currentStatus,
        @JsonProperty("request_id") String requestId) {
}
