package dev.taskledger.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import java.util.Map;

/**
 * The body of {@code PUT}/{@code PATCH /api/v1/tasks/{id}}: a merge-update where absent (or null) fields stay
 * as they are. {@code metadata} is merged as an RFC 7386 merge patch; a tag with a null value is removed.
 * {@code status} is read only so the server can refuse it: status changes go through claim, complete, fail,
 * cancel and retry.
 */
public record UpdateTaskRequest(
        @JsonProperty("state") String state,
        @JsonProperty("progress") Integer progress,
        @JsonProperty("metadata") @JsonRawValue @JsonDeserialize(using = RawJson.class) String metadata,
        @JsonProperty("tags") Map<String, String> tags,
        @JsonProperty("priority") Integer priority,
        @JsonProperty("status") @JsonRawValue @JsonDeserialize(using = RawJson.class) String status) {
}
