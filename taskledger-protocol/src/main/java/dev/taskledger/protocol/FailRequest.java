package dev.taskledger.protocol;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

/**
 * The body of {@code POST /api/v1/tasks/{id}/fail}. {@code error} may be sent as {@code message} (as the
 * Task Repository Service's server names it) and, when it is not a string, is kept as its JSON text. With
 * {@code retryable} (default true) and attempts left the task is retried after {@code retry_in_seconds}
 * (default: exponential backoff).
 */
public record FailRequest(
        @JsonProperty("lease_token") String leaseToken,
        @JsonProperty("error") @JsonAlias("message") @JsonDeserialize(using = RawJson.LenientText.class) String error,
        @JsonProperty("retryable") Boolean retryable,
        @JsonProperty("retry_in_seconds") Long retryInSeconds) {

    public static final FailRequest EMPTY = new FailRequest(null, null, null, null);

    public boolean isRetryable() {
        return retryable == null || retryable;
    }
}
