package dev.taskledger.client;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.IntFunction;

/**
 * Settings of a {@link Worker}; only the client, the task types and the handler are required.
 *
 * <pre>{@code
 * Worker worker = Worker.builder(client).types("email").handler(task -> send(task.payload())).concurrency(8).build();
 * worker.start();
 * }</pre>
 */
public final class WorkerBuilder {
    final TaskledgerClient client;
    final List<String> types = new ArrayList<>();
    TaskHandler handler;
    int concurrency = 4;
    int prefetch = 0;
    String workerId = defaultWorkerId();
    Duration wait = Duration.ofSeconds(5);
    Integer leaseSeconds;
    Duration heartbeatInterval;
    Duration shutdownTimeout = Duration.ofSeconds(30);
    final List<Class<? extends Throwable>> nonRetryable = new ArrayList<>(List.of(NonRetryableException.class));
    IntFunction<Duration> retryDelay;
    boolean batchReports = true;
    Duration claimLinger = Duration.ofMillis(2);
    int maxBatch = 500;

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
        if (value < 1 || value > 1_000) {
            throw new IllegalArgumentException("concurrency must be between 1 and 1000");
        }
        this.concurrency = value;
        return this;
    }

    /**
     * How many claimed tasks may wait in the worker for a free handler slot, beyond the {@link #concurrency}
     * running ones (default 0: claim only for free slots). Waiting tasks start in claim order, are heartbeated
     * like running ones (their leases hold), are dropped before they start when cancelled, and are handed back
     * at a graceful shutdown. Prefetch lets the next claim travel while handlers run, which is what keeps short
     * tasks flowing (W2 in docs/benchmarks/history/2026-12-05.md: 3,400–3,900 tasks/s without it, 11,000+ with 90). Leave it at 0
     * for long tasks shared by several workers: a waiting task waits for this worker's slot even while another
     * worker is idle.
     */
    public WorkerBuilder prefetch(int value) {
        if (value < 0 || value > 10_000) {
            throw new IllegalArgumentException("prefetch must be between 0 and 10000");
        }
        this.prefetch = value;
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
        if (value.isNegative() || value.toSeconds() > 30) {
            throw new IllegalArgumentException("pollWait must be between 0 and 30 seconds");
        }
        this.wait = value;
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

    /** The most completions sent in one batch (default 500). */
    public WorkerBuilder maxBatch(int value) {
        this.maxBatch = Math.max(1, value);
        return this;
    }

    /** The concurrency this builder builds with (so tools can report a worker's defaults without repeating them). */
    public int concurrency() {
        return concurrency;
    }

    /** The prefetch this builder builds with. */
    public int prefetch() {
        return prefetch;
    }

    /** The claim linger this builder builds with. */
    public Duration claimLinger() {
        return claimLinger;
    }

    int capacity() {
        return concurrency + prefetch;
    }

    public Worker build() {
        if (types.isEmpty()) {
            throw new IllegalStateException("a worker needs at least one task type");
        }
        if (handler == null) {
            throw new IllegalStateException("a worker needs a handler");
        }
        return new Worker(this);
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
