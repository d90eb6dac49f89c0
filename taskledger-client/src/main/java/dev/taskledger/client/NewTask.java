package dev.taskledger.client;

import dev.taskledger.protocol.CreateTaskRequest;
import dev.taskledger.protocol.Json;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the body of a create ({@link CreateTaskRequest}) from Java values: the payload and metadata are
 * any Jackson-serialisable objects (a {@code Map}, a record, a {@code JsonNode}), or JSON text via
 * {@link #payloadJson}. Unset fields take the server's defaults (priority 1, 3 attempts, 300 s lease).
 *
 * <pre>{@code
 * client.create(NewTask.of("email").payload(Map.of("to", "a@example.org")).idempotencyKey("welcome-42").build());
 * }</pre>
 */
public final class NewTask {
    private final String type;
    private String payload;
    private String metadata;
    private Map<String, String> tags;
    private Integer priority;
    private Instant runAt;
    private Long delaySeconds;
    private Integer maxAttempts;
    private Integer leaseSeconds;
    private String idempotencyKey;
    private Boolean dedupe;
    private Integer timeoutSeconds;
    private String concurrencyKey;

    private NewTask(String type) {
        this.type = type;
    }

    public static NewTask of(String type) {
        return new NewTask(type);
    }

    /** The payload as any JSON-serialisable value (null = the server's default {@code {}}). */
    public NewTask payload(Object value) {
        this.payload = value == null ? null : Json.toText(value);
        return this;
    }

    /** The payload as JSON text, sent as it is. */
    public NewTask payloadJson(String json) {
        this.payload = json;
        return this;
    }

    /** Metadata: a JSON object (a {@code Map}, a record or a {@code JsonNode}). */
    public NewTask metadata(Object value) {
        this.metadata = value == null ? null : Json.toText(value);
        return this;
    }

    public NewTask tag(String key, String value) {
        if (tags == null) {
            tags = new LinkedHashMap<>();
        }
        tags.put(key, value);
        return this;
    }

    public NewTask tags(Map<String, String> all) {
        all.forEach(this::tag);
        return this;
    }

    /** Higher first; default 1. */
    public NewTask priority(int value) {
        this.priority = value;
        return this;
    }

    /** Not claimable before this instant (exclusive with {@link #delay}). */
    public NewTask runAt(Instant value) {
        this.runAt = value;
        return this;
    }

    /** Not claimable for this long, in whole seconds (exclusive with {@link #runAt}). */
    public NewTask delay(Duration value) {
        this.delaySeconds = value.toSeconds();
        return this;
    }

    public NewTask maxAttempts(int value) {
        this.maxAttempts = value;
        return this;
    }

    /** The task's own lease length; a worker may still claim with its own. */
    public NewTask leaseSeconds(int value) {
        this.leaseSeconds = value;
        return this;
    }

    /** A repeated create with the same key (per tenant and type) returns the first task instead of a new one. */
    public NewTask idempotencyKey(String key) {
        this.idempotencyKey = key;
        return this;
    }

    /**
     * Bounds each attempt to {@code seconds} from its claim, heartbeats or not: past it the server fails the attempt
     * with error "timed out" (retried by the usual rules) and the {@link Worker} interrupts the handler. Default: the
     * type's timeout configured on the server ({@code TASKLEDGER_TYPE_TIMEOUTS}), else none.
     */
    public NewTask timeoutSeconds(int seconds) {
        this.timeoutSeconds = seconds;
        return this;
    }

    /** Derive the idempotency key from type + payload: an identical task is not created twice. */
    public NewTask dedupe() {
        this.dedupe = true;
        return this;
    }

    /** The group the tenant's concurrency and rate limits count this task in (a customer, a repository…). */
    public NewTask concurrencyKey(String key) {
        this.concurrencyKey = key;
        return this;
    }

    public CreateTaskRequest build() {
        return new CreateTaskRequest(type, payload, null, null, metadata, tags, priority, runAt, delaySeconds,
                maxAttempts, leaseSeconds, idempotencyKey, dedupe, concurrencyKey, timeoutSeconds);
    }
}
