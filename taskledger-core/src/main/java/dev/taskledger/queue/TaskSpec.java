package dev.taskledger.queue;

import java.time.Instant;
import java.util.Map;

/**
 * A create request after decoding. Nullable fields take their defaults: priority 1, max_attempts 3,
 * lease_seconds 300, metadata {}, payload {}, run now. {@code runAt} and {@code delaySeconds} are
 * exclusive. {@code idempotencyKey} and {@code dedupe} both derive {@code input_hash}; the key wins.
 * {@code concurrencyKey} (nullable) is the group the task's limits count it in. {@code timeoutSeconds} null takes
 * the type's default timeout, if one is configured ({@link QueueSettings}), else none.
 */
public record TaskSpec(String type, String payload, String metadata, Map<String, String> tags, Integer priority,
                      Instant runAt, Long delaySeconds, Integer maxAttempts, Integer leaseSeconds,
                      String idempotencyKey, boolean dedupe, String concurrencyKey, Integer timeoutSeconds) {
    public TaskSpec {
        tags = tags == null ? Map.of() : tags;
    }

    /** A spec without a concurrency key or an execution timeout of its own. */
    public TaskSpec(String type, String payload, String metadata, Map<String, String> tags, Integer priority,
                    Instant runAt, Long delaySeconds, Integer maxAttempts, Integer leaseSeconds,
                    String idempotencyKey, boolean dedupe) {
        this(type, payload, metadata, tags, priority, runAt, delaySeconds, maxAttempts, leaseSeconds, idempotencyKey,
                dedupe, null, null);
    }

    /** A spec without an execution timeout of its own. */
    public TaskSpec(String type, String payload, String metadata, Map<String, String> tags, Integer priority,
                    Instant runAt, Long delaySeconds, Integer maxAttempts, Integer leaseSeconds,
                    String idempotencyKey, boolean dedupe, String concurrencyKey) {
        this(type, payload, metadata, tags, priority, runAt, delaySeconds, maxAttempts, leaseSeconds, idempotencyKey,
                dedupe, concurrencyKey, null);
    }
}
