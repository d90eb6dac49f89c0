package dev.taskledger.protocol;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import java.time.Instant;
import java.util.Map;

/**
 * The body of {@code POST /api/v1/tasks} (and one element of a batch). JSON-valued fields are JSON text.
 *
 * <p>Callers written for the Task Repository Service send {@code task_type} instead of {@code type} and put
 * their input in {@code request} and {@code template} instead of {@code payload}; {@link #effectivePayload()}
 * keeps those inside the payload. {@code run_at} and {@code delay_seconds} are exclusive; {@code idempotency_key}
 * (or the {@code Idempotency-Key} header) and {@code dedupe} make a repeated create return the first task.
 * {@code timeout_seconds} bounds each attempt (default: the type's configured timeout, else none).
 * {@code concurrency_key} names the group the tenant's concurrency and rate limits count the task in.
 */
public record CreateTaskRequest(
        @JsonProperty("type") @JsonAlias("task_type") String type,
        @JsonProperty("payload") @JsonRawValue @JsonDeserialize(using = RawJson.class) String payload,
        @JsonProperty("request") @JsonRawValue @JsonDeserialize(using = RawJson.class) String request,
        @JsonProperty("template") @JsonRawValue @JsonDeserialize(using = RawJson.class) String template,
        @JsonProperty("metadata") @JsonRawValue @JsonDeserialize(using = RawJson.class) String metadata,
        @JsonProperty("tags") Map<String, String> tags,
        @JsonProperty("priority") Integer priority,
        @JsonProperty("run_at") Instant runAt,
        @JsonProperty("delay_seconds") Long delaySeconds,
        @JsonProperty("max_attempts") Integer maxAttempts,
        @JsonProperty("lease_seconds") Integer leaseSeconds,
        @JsonProperty("idempotency_key") String idempotencyKey,
        @JsonProperty("dedupe") Boolean dedupe,
        @JsonProperty("concurrency_key") String concurrencyKey,
        @JsonProperty("timeout_seconds") Integer timeoutSeconds) {

    /** A request without a concurrency key or an execution timeout. */
    public CreateTaskRequest(String type, String payload, String request, String template, String metadata,
                             Map<String, String> tags, Integer priority, Instant runAt, Long delaySeconds,
                             Integer maxAttempts, Integer leaseSeconds, String idempotencyKey, Boolean dedupe) {
        this(type, payload, request, template, metadata, tags, priority, runAt, delaySeconds, maxAttempts, leaseSeconds,
                idempotencyKey, dedupe, null, null);
    }

    /** A request without an execution timeout. */
    public CreateTaskRequest(String type, String payload, String request, String template, String metadata,
                             Map<String, String> tags, Integer priority, Instant runAt, Long delaySeconds,
                             Integer maxAttempts, Integer leaseSeconds, String idempotencyKey, Boolean dedupe,
                             String concurrencyKey) {
        this(type, payload, request, template, metadata, tags, priority, runAt, delaySeconds, maxAttempts, leaseSeconds,
                idempotencyKey, dedupe, concurrencyKey, null);
    }

    /** A request with only a type and a payload (JSON text), the rest defaulted by the server. */
    public static CreateTaskRequest of(String type, String payloadJson) {
        return new CreateTaskRequest(type, payloadJson, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** True when the Task Repository Service's {@code request} or {@code template} was sent. */
    public boolean hasRequestOrTemplate() {
        return request != null || template != null;
    }

    /**
     * The payload to store: {@code payload} as sent, else {@code request}/{@code template} wrapped as
     * {@code {"request": ..., "template": ...}} (only the ones present), else null (the server's default).
     * The server refuses a request that has both a payload and request/template rather than drop either.
     */
    public String effectivePayload() {
        if (payload != null || !hasRequestOrTemplate()) {
            return payload;
        }
        StringBuilder out = new StringBuilder(16 + (request == null ? 0 : request.length())
                + (template == null ? 0 : template.length()));
        out.append('{');
        if (request != null) {
            out.append("\"request\":").append(request);
        }
        if (template != null) {
            out.append(request != null ? "," : "").append("\"template\":").append(template);
        }
        return out.append('}').toString();
    }

    public boolean dedupeRequested() {
        return Boolean.TRUE.equals(dedupe);
    }
}
