package dev.taskledger.client;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.function.IntFunction;

/**
 * Collects the settings of a {@link Worker} and builds it; only the client, the task types and the handler are
 * required. {@link #build()} fixes them in a {@link WorkerSettings}, which checks them.
 *
 * <pre>{@code
 * Worker worker = Worker.builder(client).types("email").handler(task -> send(task.payload())).concurrency(8).build();
 * worker.start();
 * }</pre>
 */
public final class WorkerBuilder {
    private final TaskledgerClient client;
    private final List<String> types = new ArrayList<>();
    private TaskHandler handler;
    private int concurrency = 4;
    private Integer prefetch; // null: adaptive
    private String workerId = defaultWorkerId();
    private Duration pollWait = Duration.ofSeconds(5);
    private Integer leaseSeconds;
    private Duration heartbeatInterval;
    private Duration shutdownTimeout = Duration.ofSeconds(30);
    private final List<Class<? extends Throwable>> nonRetryable = new ArrayList<>(List.of(NonRetryableException.class));
    private IntFunction<Duration> retryDelay;
    private boolean batchReports = true;
    private Duration claimLinger = Duration.ofMillis(2);
    private int maxBatch = 500;

    WorkerBuilder(TaskledgerClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /** The task types to claim (at least one). */
    public WorkerBuilder types(String... names) {
        types.addAll(List.of(names));
        return this;
    }

    public WorkerBuilder handler(TaskHandler value) {
        this.handler = value;
        return this;
    }

    /** How many handlers run at once (default 4); see {@link #prefetch(int)} for how many more it claims ahead. */
    public WorkerBuilder concurrency(int value) {
        this.concurrency = WorkerSettings.checkConcurrency(value);
        return this;
    }

    /**
     * A fixed number of claimed tasks that may wait in the worker for a free handler slot, beyond the
     * {@link #concurrency} running ones; {@code 0} claims only for free slots. Without this setting the prefetch
     * adapts (the default): it grows while claims come back full and handlers are short, shrinks when claims come
     * back short, and never holds more waiting tasks than the worker can start within a tenth of their lease (at
     * most 1 s), nor more than 10 × concurrency ({@link PrefetchPolicy}; docs/client.md). Waiting tasks start in
     * claim order, are heartbeated like running ones (their leases hold), are dropped before they start when
     * cancelled, and are handed back at a graceful shutdown.
     */
    public WorkerBuilder prefetch(int value) {
        this.prefetch = WorkerSettings.checkPrefetch(value);
        return this;
    }

    /** Back to the default: the prefetch adapts to the queue and the handlers (undoes {@link #prefetch(int)}). */
    public WorkerBuilder adaptivePrefetch() {
        this.prefetch = null;
        return this;
    }

    /** The name this worker claims under (shown as {@code worker} and in events as {@code WORKER:<id>}). */
    public WorkerBuilder workerId(String value) {
        this.workerId = Objects.requireNonNull(value);
        return this;
    }

    /**
     * How long one claim waits on the server for work (long poll, 0 to 30 s; default 5 s). A graceful shutdown
     * lets an outstanding poll finish, so this also bounds how long {@link Worker#close()} takes when idle.
     */
    public WorkerBuilder pollWait(Duration value) {
        this.pollWait = WorkerSettings.checkPollWait(value);
        return this;
    }

    /** The lease to claim with and extend by; default: each task's own {@code lease_seconds}. */
    public WorkerBuilder leaseSeconds(int value) {
        this.leaseSeconds = value;
        return this;
    }

    /** How often a lease is extended; default a third of the lease. */
    public WorkerBuilder heartbeatInterval(Duration value) {
        this.heartbeatInterval = value;
        return this;
    }

    /** How long {@link Worker#close()} lets handlers in flight finish (default 30 s). */
    public WorkerBuilder shutdownTimeout(Duration value) {
        this.shutdownTimeout = Objects.requireNonNull(value);
        return this;
    }

    /** Exceptions (and their subclasses, also as a cause) that fail a task for good instead of retrying it. */
    @SafeVarargs
    public final WorkerBuilder nonRetryable(Class<? extends Throwable>... classes) {
        nonRetryable.addAll(List.of(classes));
        return this;
    }

    /** The delay before the next attempt after attempt {@code n} failed (whole seconds); default: the server's backoff. */
    public WorkerBuilder retryDelay(IntFunction<Duration> value) {
        this.retryDelay = value;
        return this;
    }

    /**
     * Whether completions and heartbeats of several tasks share one request ({@code POST /api/v1/tasks/complete}
     * and {@code /heartbeat}); default true. The worker falls back to one request per task by itself when the
     * server does not have the batch endpoints.
     */
    public WorkerBuilder batchReports(boolean value) {
        this.batchReports = value;
        return this;
    }

    /**
     * How long a busy worker waits for more of its places (concurrency + prefetch) to free up before it claims,
     * so that it claims more tasks per request (default 2 ms; zero claims as soon as one place is free).
     */
    public WorkerBuilder claimLinger(Duration value) {
        this.claimLinger = Objects.requireNonNull(value);
        return this;
    }

    /** The most completions sent in one batch (default 500; less than 1 counts as 1). */
    public WorkerBuilder maxBatch(int value) {
        this.maxBatch = value;
        return this;
    }

    /** The concurrency this builder builds with (so tools can report a worker's defaults without repeating them). */
    public int concurrency() {
        return concurrency;
    }

    /** The fixed prefetch this builder builds with; empty when the prefetch adapts (the default). */
    public OptionalInt prefetch() {
        return prefetch == null ? OptionalInt.empty() : OptionalInt.of(prefetch);
    }

    /** The claim linger this builder builds with. */
    public Duration claimLinger() {
        return claimLinger;
    }

    /** Builds the worker (not started); {@link IllegalStateException} when the types or the handler are missing. */
    public Worker build() {
        return new Worker(settings());
    }

    /** The settings as they stand, checked. */
    WorkerSettings settings() {
        return new WorkerSettings(client, types, handler, concurrency, prefetch, workerId, pollWait, leaseSeconds,
                heartbeatInterval, shutdownTimeout, nonRetryable, retryDelay, batchReports, claimLinger, maxBatch);
    }

    private static String defaultWorkerId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "worker";
        }
        return host + "-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
