package dev.taskledger.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * {@code {"tasks": [{"id": ..., "created": true}, ...]}}: the answer to a batch create sent with
 * {@code Prefer: return=minimal} (RFC 7240), one entry per requested task in request order. {@code created} is
 * false where the task already existed (its idempotency key or dedupe hash repeated) and the entry names that task.
 */
public record CreatedTaskIdsDto(@JsonProperty("tasks") List<CreatedTaskId> tasks) {
    /** The request header asking for this answer, and the answer header saying it was given. */
    public static final String PREFER_HEADER = "Prefer";
    public static final String PREFERENCE_APPLIED_HEADER = "Preference-Applied";
    public static final String RETURN_MINIMAL = "return=minimal";

    public CreatedTaskIdsDto {
        tasks = tasks == null ? List.of() : List.copyOf(tasks);
    }

    /** One requested task: its id, and whether this request created it. */
    public record CreatedTaskId(@JsonProperty("id") String id, @JsonProperty("created") boolean created) {}
}
