package dev.taskledger.queue;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Mutable copy of a {@link Task}, so a transition names only the fields it changes. */
public final class TaskBuilder {
    private UUID id;
    private String tenant;
    private String type;
    private TaskStatus status;
    private String state;
    private int progress;
    private int priority;
    private String payload;
    private String metadata;
    private Map<String, String> tags;
    private String error;
    private String inputHash;
    private int retryCount;
    private int maxAttempts;
    private int leaseSeconds;
    private Integer timeoutSeconds;
    private Instant runAt;
    private String leaseOwner;
    private String leaseToken;
    private Instant leaseExpiresAt;
    private Instant createdAt;
    private Instant updatedAt;
    private Instant startedAt;
    private Instant finishedAt;
    private int version;
    private String concurrencyKey;

    public TaskBuilder() {}

    TaskBuilder(Task t) {
        id = t.id(); tenant = t.tenant(); type = t.type(); status = t.status(); state = t.state();
        progress = t.progress(); priority = t.priority(); payload = t.payload(); metadata = t.metadata();
        tags = t.tags(); error = t.error(); inputHash = t.inputHash(); retryCount = t.retryCount();
        maxAttempts = t.maxAttempts(); leaseSeconds = t.leaseSeconds(); timeoutSeconds = t.timeoutSeconds(); runAt = t.runAt();
        leaseOwner = t.leaseOwner(); leaseToken = t.leaseToken(); leaseExpiresAt = t.leaseExpiresAt();
        createdAt = t.createdAt(); updatedAt = t.updatedAt(); startedAt = t.startedAt();
        finishedAt = t.finishedAt(); version = t.version(); concurrencyKey = t.concurrencyKey();
    }

    public TaskBuilder id(UUID v) { id = v; return this; }
    public TaskBuilder tenant(String v) { tenant = v; return this; }
    public TaskBuilder type(String v) { type = v; return this; }
    public TaskBuilder status(TaskStatus v) { status = v; return this; }
    public TaskBuilder state(String v) { state = v; return this; }
    public TaskBuilder progress(int v) { progress = v; return this; }
    public TaskBuilder priority(int v) { priority = v; return this; }
    public TaskBuilder payload(String v) { payload = v; return this; }
    public TaskBuilder metadata(String v) { metadata = v; return this; }
    public TaskBuilder tags(Map<String, String> v) { tags = v; return this; }
    public TaskBuilder error(String v) { error = v; return this; }
    public TaskBuilder inputHash(String v) { inputHash = v; return this; }
    public TaskBuilder retryCount(int v) { retryCount = v; return this; }
    public TaskBuilder maxAttempts(int v) { maxAttempts = v; return this; }
    public TaskBuilder leaseSeconds(int v) { leaseSeconds = v; return this; }
    public TaskBuilder timeoutSeconds(Integer v) { timeoutSeconds = v; return this; }
    public TaskBuilder runAt(Instant v) { runAt = v; return this; }
    public TaskBuilder leaseOwner(String v) { leaseOwner = v; return this; }
    public TaskBuilder leaseToken(String v) { leaseToken = v; return this; }
    public TaskBuilder leaseExpiresAt(Instant v) { leaseExpiresAt = v; return this; }
    public TaskBuilder createdAt(Instant v) { createdAt = v; return this; }
    public TaskBuilder updatedAt(Instant v) { updatedAt = v; return this; }
    public TaskBuilder startedAt(Instant v) { startedAt = v; return this; }
    public TaskBuilder finishedAt(Instant v) { finishedAt = v; return this; }
    public TaskBuilder version(int v) { version = v; return this; }
    public TaskBuilder concurrencyKey(String v) { concurrencyKey = v; return this; }

    /** Clears the lease fields: the task is no longer held by any worker. */
    public TaskBuilder clearLease() {
        leaseOwner = null;
        leaseToken = null;
        leaseExpiresAt = null;
        return this;
    }

    public Task build() {
        return new Task(id, tenant, type, status, state, progress, priority, payload, metadata, tags, error,
                inputHash, retryCount, maxAttempts, leaseSeconds, timeoutSeconds, runAt, leaseOwner, leaseToken, leaseExpiresAt,
                createdAt, updatedAt, startedAt, finishedAt, version, concurrencyKey);
    }
}
