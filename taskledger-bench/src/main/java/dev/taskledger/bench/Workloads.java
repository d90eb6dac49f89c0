package dev.taskledger.bench;

import dev.taskledger.client.NewTask;
import dev.taskledger.client.TaskledgerClient;
import dev.taskledger.client.Worker;
import dev.taskledger.client.WorkerBuilder;
import dev.taskledger.protocol.CreateTaskRequest;
import dev.taskledger.protocol.CreatedTaskIdsDto;
import dev.taskledger.protocol.Json;
import dev.taskledger.protocol.TaskDto;
import dev.taskledger.protocol.batch.CompleteTasksRequest;
import dev.taskledger.protocol.ledger.LedgerRecordRequest;
import org.HdrHistogram.Histogram;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** The workloads of the benchmark, each measured from the client's side over HTTP. */
final class Workloads {
    static final String QUEUE_TYPE = "bench";
    static final String LATENCY_TYPE = "bench-latency";
    static final String LIMITED_TYPE = "bench-limited";
    /** The concurrency keys of the limited drain; each has a limit, as does the type, none binding. */
    static final int LIMITED_KEYS = 20;
    private static final Map<String, Boolean> RESULT = Map.of("ok", true);
    /**
     * How long a worker's claim waits when the queue is empty (the Worker's default is 5 s). It only bounds how long
     * closing an idle worker takes (a graceful close lets the last long-poll finish): while a workload runs, no claim
     * waits that long (W3 sends a task every 20 ms).
     */
    static final Duration POLL_WAIT = Duration.ofSeconds(1);

    private final BenchConfig config;
    private final Profile profile;
    private final TaskledgerClient client;
    private final String baseUrl;

    Workloads(BenchConfig config, Profile profile, TaskledgerClient client, String baseUrl) {
        this.config = config;
        this.profile = profile;
        this.client = client;
        this.baseUrl = baseUrl;
    }

    /**
     * A measured run: {@code count} things done in {@code seconds}; for W3 the latencies in microseconds; the CPU
     * each process used meanwhile (null until {@link #withCpu}).
     */
    record Measurement(double seconds, long count, Histogram latencyMicros, CpuMeter.Sample cpu) {
        double rate() {
            return count / seconds;
        }

        /** The latency at percentile {@code p} (0–100) in milliseconds. */
        double latencyMs(double p) {
            return latencyMicros.getValueAtPercentile(p) / 1000.0;
        }

        Measurement withCpu(CpuMeter.Sample value) {
            return new Measurement(seconds, count, latencyMicros, value);
        }
    }

    /** W1: N tasks with payload {"i": n} through the bulk API, the profile's number of requests in flight. */
    Measurement enqueue() throws Exception {
        return enqueue(config.tasks(), 0);
    }

    /** W1 for {@code n} tasks whose payloads count from {@code first}. */
    Measurement enqueue(int n, int first) throws Exception {
        int batch = config.enqueueBatch();
        List<List<CreateTaskRequest>> batches = new ArrayList<>();
        for (int start = 0; start < n; start += batch) {
            List<CreateTaskRequest> b = new ArrayList<>(batch);
            for (int i = start; i < Math.min(n, start + batch); i++) {
                b.add(NewTask.of(QUEUE_TYPE).payloadJson("{\"i\":" + (first + i) + "}").build());
            }
            batches.add(b);
        }
        AtomicInteger next = new AtomicInteger();
        long t0 = System.nanoTime();
        runConcurrently(profile.enqueueClients(), () -> {
            for (int k = next.getAndIncrement(); k < batches.size(); k = next.getAndIncrement()) {
                long created = client.createBatchIds(batches.get(k)).stream().filter(CreatedTaskIdsDto.CreatedTaskId::created).count();
                if (created != batches.get(k).size()) {
                    throw new IllegalStateException("batch " + k + " created " + created + " tasks");
                }
            }
        });
        return new Measurement(seconds(t0), n, null, null);
    }

    /**
     * W1-stream: N tasks with payload {"i": n} in one streamed request ({@code createStream}: NDJSON, sent as the
     * tasks are made), in requests of at most {@link #STREAM_MAX} tasks.
     */
    Measurement enqueueStream() {
        int n = config.tasks();
        long t0 = System.nanoTime();
        for (int start = 0; start < n; start += STREAM_MAX) {
            int from = start;
            int to = Math.min(n, start + STREAM_MAX);
            Iterable<CreateTaskRequest> tasks = () -> java.util.stream.IntStream.range(from, to)
                    .mapToObj(i -> NewTask.of(QUEUE_TYPE).payloadJson("{\"i\":" + i + "}").build()).iterator();
            long created = client.createStream(tasks).stream().filter(CreatedTaskIdsDto.CreatedTaskId::created).count();
            if (created != to - from) {
                throw new IllegalStateException("the stream of tasks " + from + ".." + to + " created " + created + " tasks");
            }
        }
        return new Measurement(seconds(t0), n, null, null);
    }

    /** The most tasks one streamed create takes (the server's limit). */
    static final int STREAM_MAX = 100_000;

    /** The measurements of {@link #dependencies}, by workload name. */
    static final List<String> DEPS_WORKLOADS = List.of("deps-create-plain", "deps-create-1-edge", "deps-release-fan-out",
            "deps-complete-plain", "deps-complete-fan-in");

    /**
     * Workflows, per dependency edge, over HTTP with one request in flight, N rounded up to whole fans of 1,000, after
     * an untimed warm-up fan of each kind (plain and child creates alternate, so both see the same server):
     * <ul>
     * <li>{@code deps-create-plain}: N tasks without parents, in batches of 1,000 (the baseline);</li>
     * <li>{@code deps-create-1-edge}: N tasks, in batches of 1,000, each {@code depends_on} its fan's root (one edge
     * each): the difference to the baseline is the cost of creating an edge;</li>
     * <li>{@code deps-release-fan-out}: each root's completion, which releases its 1,000 waiting children in its own
     * transaction (counted per child released);</li>
     * <li>{@code deps-complete-plain}: the completion (one batch of 1,000) of 1,000 claimed tasks without children
     * (the baseline);</li>
     * <li>{@code deps-complete-fan-in}: the same for one fan's 1,000 children while a join task waits for all of
     * them: each completion writes the join (one edge each) and the last releases it.</li>
     * </ul>
     */
    Map<String, Measurement> dependencies() throws Exception {
        int fan = 1_000;
        int fans = Math.max(1, (config.tasks() + fan - 1) / fan);
        // warm-up, untimed: one fan of each kind created, released and completed, so neither side runs cold
        List<String> warmPlain = createFan("bench-deps-warm", null, fan);
        String warmRoot = client.create(NewTask.of("bench-deps-warm-root").build()).id();
        createFan("bench-deps-warm-child", warmRoot, fan);
        TaskDto warmClaim = client.claim(warmRoot, "bench-deps", null);
        client.completeJson(warmRoot, warmClaim.leaseToken(), null);
        completeAll(warmPlain);

        // creates, alternating: a fan of plain tasks, then a fan of children of a new root (each one edge)
        long plainNanos = 0;
        long edgeNanos = 0;
        List<String> plain = null;
        List<String> roots = new ArrayList<>(fans);
        List<List<String>> children = new ArrayList<>(fans);
        for (int f = 0; f < fans; f++) {
            long t = System.nanoTime();
            List<String> ids = createFan("bench-deps-plain", null, fan);
            plainNanos += System.nanoTime() - t;
            plain = plain == null ? ids : plain;
            String root = client.create(NewTask.of("bench-deps-root").build()).id();
            roots.add(root);
            t = System.nanoTime();
            children.add(createFan("bench-deps-child", root, fan));
            edgeNanos += System.nanoTime() - t;
        }
        Map<String, Measurement> out = new java.util.LinkedHashMap<>();
        out.put("deps-create-plain", new Measurement(plainNanos / 1e9, (long) fans * fan, null, null));
        out.put("deps-create-1-edge", new Measurement(edgeNanos / 1e9, (long) fans * fan, null, null));

        long releaseNanos = 0;
        for (int f = 0; f < fans; f++) {
            String root = roots.get(f);
            TaskDto claimed = client.claim(root, "bench-deps", null);
            long t = System.nanoTime();
            client.completeJson(root, claimed.leaseToken(), null);
            releaseNanos += System.nanoTime() - t;
            if (!"pending".equals(client.get(children.get(f).getLast()).status())) {
                throw new IllegalStateException("deps: completing root " + root + " did not release its children");
            }
        }
        out.put("deps-release-fan-out", new Measurement(releaseNanos / 1e9, (long) fans * fan, null, null));

        // completions of 1,000 claimed tasks in one batch: without children, then all parents of one join
        out.put("deps-complete-plain", completeAll(plain));
        List<String> leaves = children.getFirst();
        String join = client.create(NewTask.of("bench-deps-join").dependsOn(leaves).build()).id();
        out.put("deps-complete-fan-in", completeAll(leaves));
        if (!"pending".equals(client.get(join).status())) {
            throw new IllegalStateException("deps: the join " + join + " was not released by its last parent");
        }
        return out;
    }

    /** Creates {@code n} tasks of {@code type} in one batch, each depending on {@code parent} when not null. */
    private List<String> createFan(String type, String parent, int n) {
        List<CreateTaskRequest> batch = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            NewTask t = NewTask.of(type).payloadJson("{\"i\":" + i + "}");
            batch.add((parent == null ? t : t.dependsOn(parent)).build());
        }
        return client.createBatchIds(batch).stream().map(CreatedTaskIdsDto.CreatedTaskId::id).toList();
    }

    /** Claims {@code ids} one by one, then times completing them all in one batch request. */
    private Measurement completeAll(List<String> ids) {
        List<CompleteTasksRequest.Completion> completions = new ArrayList<>(ids.size());
        for (String id : ids) {
            TaskDto claimed = client.claim(id, "bench-deps", null);
            completions.add(new CompleteTasksRequest.Completion(id, claimed.leaseToken(), null));
        }
        long t = System.nanoTime();
        client.completeAll(completions);
        return new Measurement(seconds(t), ids.size(), null, null);
    }

    /** W2: one Worker (concurrency c, no-op handler) drains the N pending tasks. */
    Measurement drain() throws Exception {
        return drain(config.tasks());
    }

    /**
     * W2 for {@code n} pending tasks: measured from the worker's start until the server has acknowledged {@code n}
     * completions to it (the worker's own count, so no query over a large table runs meanwhile).
     */
    Measurement drain(int n) throws Exception {
        return drain(QUEUE_TYPE, n);
    }

    /**
     * W2 with limits that do not bind: N tasks over {@link #LIMITED_KEYS} concurrency keys (created unmeasured), a
     * {@code max_running} limit on their type and one per key, each far above what the worker runs at once; then the
     * same drain as W2. Every claim therefore takes the limited path (lock the tenant's limits, count the running
     * tasks, read candidates) instead of the plain claim statement: the figure to compare with W2 (target: within 20%).
     */
    Measurement drainLimited() throws Exception {
        int n = config.tasks();
        client.putLimit(LIMITED_TYPE, null, 1_000_000, null);
        for (int k = 0; k < LIMITED_KEYS; k++) {
            client.putLimit(LIMITED_TYPE, "key-" + k, 100_000, null);
        }
        try {
            for (int start = 0; start < n; start += config.enqueueBatch()) {
                List<CreateTaskRequest> b = new ArrayList<>();
                for (int i = start; i < Math.min(n, start + config.enqueueBatch()); i++) {
                    b.add(NewTask.of(LIMITED_TYPE).payloadJson("{\"i\":" + i + "}").concurrencyKey("key-" + (i % LIMITED_KEYS)).build());
                }
                client.createBatchIds(b);
            }
            return drain(LIMITED_TYPE, n);
        } finally {
            client.deleteLimit(LIMITED_TYPE, null);
            for (int k = 0; k < LIMITED_KEYS; k++) {
                client.deleteLimit(LIMITED_TYPE, "key-" + k);
            }
        }
    }

    private Measurement drain(String type, int n) throws Exception {
        AtomicLong handled = new AtomicLong();
        CountDownLatch allHandled = new CountDownLatch(1);
        Worker worker = worker(type)
                .workerId("bench-drain")
                .handler(task -> {
                    if (handled.incrementAndGet() == n) {
                        allHandled.countDown();
                    }
                    return RESULT;
                }).build();
        long t0 = System.nanoTime();
        worker.start();
        try {
            if (!allHandled.await(10, TimeUnit.MINUTES)) {
                throw new IllegalStateException("W2: only " + handled.get() + " of " + n + " tasks were handled in 10 minutes");
            }
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            while (worker.stats().tasksCompleted() < n) { // the last completions are still on the wire
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("W2: the server acknowledged " + worker.stats().tasksCompleted()
                            + " of " + n + " completions");
                }
                Thread.sleep(1);
            }
            Measurement m = new Measurement(seconds(t0), n, null, null);
            var st = worker.stats();
            BenchMain.log("W2 worker: %d claim requests (%.1f tasks each), %d completion requests (%.1f each), %d heartbeat requests",
                    st.claimRequests(), st.averageClaim(), st.completionRequests(), st.averageCompletionBatch(), st.heartbeatRequests());
            return m;
        } finally {
            worker.close();
        }
    }

    /** A worker with the run's concurrency, the profile's prefetch when it sets one, and the builder's defaults otherwise. */
    WorkerBuilder worker(String type) {
        return workerSettings(Worker.builder(client).types(type), config, profile).pollWait(POLL_WAIT);
    }

    static WorkerBuilder workerSettings(WorkerBuilder builder, BenchConfig config, Profile profile) {
        builder.concurrency(config.workerConcurrency());
        return profile.prefetch() == null ? builder : builder.prefetch(profile.prefetch());
    }

    /** W3: an idle worker waits; tasks are created one at a time at a fixed rate; create-to-handler-start latency. */
    Measurement latency() throws Exception {
        int n = config.latencyTasks();
        long[] sentAt = new long[n];
        long[] latencyNanos = new long[n];
        Histogram createMicros = new Histogram(3);
        CountDownLatch done = new CountDownLatch(n);
        Worker worker = worker(LATENCY_TYPE)
                .workerId("bench-latency")
                .handler(task -> {
                    long start = System.nanoTime();
                    int i = task.payload().path("i").asInt();
                    latencyNanos[i] = start - sentAt[i];
                    done.countDown();
                    return null;
                }).build().start();
        try {
            Thread.sleep(500); // the worker's first claim is waiting on the server
            long periodNanos = TimeUnit.SECONDS.toNanos(1) / config.latencyRate();
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                long due = t0 + i * periodNanos;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                sentAt[i] = System.nanoTime();
                client.create(NewTask.of(LATENCY_TYPE).payloadJson("{\"i\":" + i + "}").build());
                createMicros.recordValue(Math.max(1, (System.nanoTime() - sentAt[i]) / 1_000));
            }
            if (!done.await(2, TimeUnit.MINUTES)) {
                throw new IllegalStateException("W3: " + done.getCount() + " tasks were not handled");
            }
            BenchMain.log("W3 create request (part of the latency): p50 %.2f ms, p99 %.2f ms",
                    createMicros.getValueAtPercentile(50) / 1000.0, createMicros.getValueAtPercentile(99) / 1000.0);
            Histogram latency = new Histogram(3);
            for (long nanos : latencyNanos) {
                latency.recordValue(Math.max(1, nanos / 1_000));
            }
            return new Measurement(seconds(t0), n, latency, null);
        } finally {
            worker.close();
        }
    }

    /**
     * Single HTTP ledger records: {@code ledgerSingle} distinct items by {@code ledgerClients} concurrent clients,
     * each a keep-alive connection of a lean load generator ({@link RawHttpConnection}) sending what
     * {@code client.ledger().record} sends.
     */
    Measurement ledgerSingle() throws Exception {
        int n = config.ledgerSingle();
        List<byte[]> bodies = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            bodies.add(Json.mapper().writeValueAsBytes(ledgerRecord("bench-single", i)));
        }
        AtomicInteger next = new AtomicInteger();
        long t0 = System.nanoTime();
        runConcurrently(config.ledgerClients(), () -> {
            try (RawHttpConnection http = new RawHttpConnection(baseUrl)) {
                for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                    String answer = new String(http.postJson("/api/v1/ledger", bodies.get(i)), StandardCharsets.UTF_8);
                    if (!answer.contains(item(i) + "\"")) {
                        throw new IllegalStateException("the answer to record " + i + " is not its entry: " + answer);
                    }
                }
            }
        });
        return new Measurement(seconds(t0), n, null, null);
    }

    /** The same single records through {@code taskledger-client} (the JDK HttpClient), for comparison. */
    Measurement ledgerSingleClient() throws Exception {
        int n = config.ledgerSingle();
        AtomicInteger next = new AtomicInteger();
        long t0 = System.nanoTime();
        runConcurrently(config.ledgerClients(), () -> {
            for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                client.ledger().record(ledgerRecord("bench-single-client", i));
            }
        });
        return new Measurement(seconds(t0), n, null, null);
    }

    static final String ITEM_PREFIX = "ark:/13030/item-";

    static String item(int i) {
        return ITEM_PREFIX + i;
    }

    /** Record {@code i} of a ledger workload: a distinct item, every tenth one failed. */
    private static LedgerRecordRequest ledgerRecord(String taskName, int i) {
        return new LedgerRecordRequest(taskName, item(i), i % 10 == 0 ? "fail" : "ok", null);
    }

    /** Batch ledger records: {@code ledgerBatchRecords} in requests of {@code ledgerBatchSize}. */
    Measurement ledgerBatch() throws Exception {
        int n = config.ledgerBatchRecords();
        int size = config.ledgerBatchSize();
        List<List<LedgerRecordRequest>> batches = new ArrayList<>();
        for (int start = 0; start < n; start += size) {
            List<LedgerRecordRequest> b = new ArrayList<>(size);
            for (int i = start; i < Math.min(n, start + size); i++) {
                b.add(ledgerRecord("bench-batch", i));
            }
            batches.add(b);
        }
        AtomicInteger next = new AtomicInteger();
        long t0 = System.nanoTime();
        runConcurrently(config.ledgerBatchClients(), () -> {
            for (int k = next.getAndIncrement(); k < batches.size(); k = next.getAndIncrement()) {
                client.ledger().recordBatch(batches.get(k));
            }
        });
        return new Measurement(seconds(t0), n, null, null);
    }

    interface Job {
        void run() throws Exception;
    }

    private static void runConcurrently(int threads, Job job) throws Exception {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    job.run();
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        }
    }

    static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
