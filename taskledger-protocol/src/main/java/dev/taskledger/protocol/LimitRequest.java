package dev.taskledger.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The body of {@code PUT /api/v1/limits}: a limit on the caller's tenant's tasks of {@code type} (absent: of any
 * type, then a key is required), of those with {@code concurrency_key} when given. {@code max_running} bounds the
 * tasks running at once, {@code rate} the task starts per period; at least one is required.
 */
public record LimitRequest(
        @JsonProperty("type") String type,
        @JsonProperty("concurrency_key") String concurrencyKey,
        @JsonProperty("max_running") Integer maxRunning,
        @JsonProperty("rate") Rate rate) {

    /** At most {@code count} task starts in any {@code period_seconds}. */
    public record Rate(
            @JsonProperty("count") Integer count,
            @JsonProperty("period_seconds") Integer periodSeconds) {
    }
}
