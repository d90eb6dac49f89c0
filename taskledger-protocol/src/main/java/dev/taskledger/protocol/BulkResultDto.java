package dev.taskledger.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The answer of a bulk action: {@code matched} tasks (in a dry run: those it would act on), {@code applied} (changed;
 * 0 in a dry run), and {@code more} when the call stopped at its limit with tasks left (call it again).
 */
public record BulkResultDto(
        @JsonProperty("action") String action,
        @JsonProperty("dry_run") boolean dryRun,
        @JsonProperty("matched") long matched,
        @JsonProperty("applied") long applied,
        @JsonProperty("more") boolean more) {
}
