package dev.taskledger.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.Map;

/**
 * The body of {@code POST /api/v1/tasks/bulk/{retry|cancel|delete}}: the tasks to act on, and whether only to count
 * them ({@code dry_run}, the preview).
 */
public record BulkRequest(
        @JsonProperty("filter") Filter filter,
        @JsonProperty("dry_run") Boolean dryRun) {

    /**
     * Which tasks: {@code status} (required; {@code all} for delete), {@code type}, {@code tags} (all must match),
     * {@code created_after}, {@code created_before}.
     */
    public record Filter(
            @JsonProperty("status") String status,
            @JsonProperty("type") String type,
            @JsonProperty("tags") Map<String, String> tags,
            @JsonProperty("created_after") Instant createdAfter,
            @JsonProperty("created_before") Instant createdBefore) {
    }
}
