package dev.taskledger.bench;

import dev.taskledger.client.NewTask;
import dev.taskledger.client.TaskledgerClient;
import dev.taskledger.protocol.TaskDto;
import dev.taskledger.protocol.batch.CompleteTasksRequest;
import dev.taskledger.server.Application;
import dev.taskledger.server.config.Config;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * Fair claiming across tenants (PostgreSQL): tenant A holds a large ready backlog ({@code --backlog}, loaded by SQL),
 * shared workers ({@code --drainers} threads, each claiming {@code --claim-limit} and completing in batches) drain it,
 * and every {@code --round-millis} tenant B creates 10 tasks of the same type; the benchmark reports, per round, the
 * time from B's create answer until the drainers have claimed all 10, and the drain rate. It also prints the
 * PostgreSQL plans of the tenant walk and of one tenant's claim on the full backlog. The server runs in this JVM.
 *
 * <pre>
 * java -cp taskledger-bench/target/taskledger-bench.jar dev.taskledger.bench.FairnessBench \
 *     [--db jdbc:postgresql://...] [--backlog 1000000] [--drainers 4] [--claim-limit 50] [--rounds 10] [--round-millis 500]
 * </pre>
 */
public final class FairnessBench {
    private static final String TYPE = "render";
    private static final String A = "tenant-a";
    private static final String B = "tenant-b";
    private static final String SHARED_KEY = "fair-bench-worker";

    private FairnessBench() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = options(args);
        String db = opts.getOrDefault("--db", "postgresql");
        int backlog = Integer.parseInt(opts.getOrDefault("--backlog", "1000000"));
        int drainers = Integer.parseInt(opts.getOrDefault("--drainers", "4"));
        int claimLimit = Integer.parseInt(opts.getOrDefault("--claim-limit", "50"));
        int rounds = Integer.parseInt(opts.getOrDefault("--rounds", "10"));
        long roundMillis = Long.parseLong(opts.getOrDefault("--round-millis", "500"));

        try (TrialDatabase database = TrialDatabase.fresh(db, false)) {
            Map<String, String> env = new HashMap<>(database.env());
            env.put("HOST", "127.0.0.1");
            env.put("PORT", "0");
            env.put("TASKLEDGER_API_KEYS", A + "=key-a," + B + "=key-b");
            env.put("TASKLEDGER_WORKER_KEYS", "bench=" + SHARED_KEY);
            Application app = Application.start(Config.fromEnv(env));
            try {
                run(app, database, backlog, drainers, claimLimit, rounds, roundMillis);
            } finally {
                app.close();
            }
        }
    }

    private static void run(Application app, TrialDatabase database, int backlog, int drainers, int claimLimit, int rounds,
                            long roundMillis) throws Exception {
        String base = "http://127.0.0.1:" + app.port();
        TaskledgerClient tenantB = client(base, "key-b");
        TaskledgerClient shared = client(base, SHARED_KEY);
        long t0 = System.nanoTime();
        try (Connection c = database.connect(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO tasks (id, tenant, type, status, state, run_at) SELECT gen_random_uuid(), '" + A + "', '"
                    + TYPE + "', 'PENDING', 'Queued', now() - interval '1 hour' FROM generate_series(1, " + backlog + ")");
            s.execute("ANALYZE tasks");
        }
        log("loaded %,d ready tasks of %s in %.1f s", backlog, A, Workloads.seconds(t0));
        explain(database);

        // the same drain with tenant A's own key (the ordinary one-tenant claim), for the cost of fairness on this machine
        TaskledgerClient tenantA = client(base, "key-a");
        AtomicBoolean baseline = new AtomicBoolean(true);
        AtomicLong baselineDrained = new AtomicLong();
        List<Thread> baselineThreads = new ArrayList<>();
        for (int i = 0; i < drainers; i++) {
            String worker = "baseline-" + i;
            baselineThreads.add(Thread.ofPlatform().name(worker).start(
                    () -> drain(tenantA, worker, claimLimit, baseline, baselineDrained, new ConcurrentHashMap<>())));
        }
        Thread.sleep(2_000);
        long baselineStart = System.nanoTime();
        long baselineAtStart = baselineDrained.get();
        Thread.sleep(5_000);
        long baselineRate = Math.round((baselineDrained.get() - baselineAtStart) / Workloads.seconds(baselineStart));
        baseline.set(false);
        for (Thread t : baselineThreads) {
            t.join();
        }
        log("baseline drain with tenant A's own key (one-tenant claims): %,d tasks/s", baselineRate);

        Map<String, Long> claimedAt = new ConcurrentHashMap<>();
        AtomicBoolean draining = new AtomicBoolean(true);
        AtomicLong drained = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < drainers; i++) {
            String worker = "drainer-" + i;
            threads.add(Thread.ofPlatform().name(worker).start(() -> drain(shared, worker, claimLimit, draining, drained, claimedAt)));
        }
        Thread.sleep(2_000); // the drain reaches its pace
        long drainStart = System.nanoTime();
        long drainedAtStart = drained.get();
        List<Double> latencies = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            List<TaskDto> created = tenantB.createBatch(IntStream.range(0, 10).mapToObj(k -> NewTask.of(TYPE).build()).toList());
            long readyAt = System.nanoTime(); // the create answered: B's tasks are ready
            long deadline = readyAt + Duration.ofSeconds(30).toNanos();
            while (created.stream().anyMatch(t -> !claimedAt.containsKey(t.id())) && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            long last = created.stream().mapToLong(t -> claimedAt.getOrDefault(t.id(), Long.MAX_VALUE)).max().orElseThrow();
            double ms = last == Long.MAX_VALUE ? Double.NaN : Math.max(0, last - readyAt) / 1e6;
            latencies.add(ms);
            log("round %d: B's 10 tasks all claimed %.1f ms after their create answered", round + 1, ms);
            Thread.sleep(roundMillis);
        }
        double seconds = Workloads.seconds(drainStart);
        long rate = Math.round((drained.get() - drainedAtStart) / seconds);
        draining.set(false);
        for (Thread t : threads) {
            t.join();
        }
        double[] sorted = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        log("drain: %,d tasks/s claimed and completed by %d shared workers (claim limit %d) over %.1f s",
                rate, drainers, claimLimit, seconds);
        log("B's 10 tasks claimed within: median %.1f ms, max %.1f ms, all %s", sorted[sorted.length / 2],
                sorted[sorted.length - 1], Arrays.toString(sorted));
    }

    /** Claims for the shared worker without pause and completes what it claimed, one batch per tenant. */
    private static void drain(TaskledgerClient shared, String worker, int limit, AtomicBoolean draining, AtomicLong drained,
                              Map<String, Long> claimedAt) {
        while (draining.get()) {
            List<TaskDto> claimed = shared.claim(List.of(TYPE), limit, worker, null, null);
            long at = System.nanoTime();
            Map<String, List<CompleteTasksRequest.Completion>> byTenant = new LinkedHashMap<>();
            for (TaskDto t : claimed) {
                if (B.equals(t.tenant())) {
                    claimedAt.put(t.id(), at);
                }
                byTenant.computeIfAbsent(t.tenant(), k -> new ArrayList<>())
                        .add(new CompleteTasksRequest.Completion(t.id(), t.leaseToken(), null));
            }
            byTenant.forEach((tenant, items) -> shared.forTenant(tenant).completeAll(items));
            drained.addAndGet(claimed.size());
        }
    }

    /** The plans of the tenant walk and of tenant A's claim share, on the full backlog. */
    private static void explain(TrialDatabase database) throws Exception {
        String walk = """
                EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
                WITH RECURSIVE walk (tenant, depth) AS (
                    SELECT MIN(tenant), 1 FROM tasks WHERE tenant > ''
                    UNION ALL
                    SELECT (SELECT MIN(t.tenant) FROM tasks t WHERE t.tenant > w.tenant), w.depth + 1
                    FROM walk w WHERE w.tenant IS NOT NULL AND w.depth < 999
                )
                SELECT w.tenant FROM walk w
                WHERE w.tenant IS NOT NULL
                  AND EXISTS (SELECT 1 FROM tasks p WHERE p.tenant = w.tenant AND p.status = 'PENDING' AND p.type = ANY(ARRAY['render']))
                ORDER BY w.tenant LIMIT 500""";
        String claim = """
                EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
                SELECT id FROM tasks WHERE tenant = 'tenant-a' AND status = 'PENDING' AND type = 'render' AND run_at <= now()
                ORDER BY priority DESC, run_at, id LIMIT 25 FOR UPDATE SKIP LOCKED""";
        try (Connection c = database.connect(); Statement s = c.createStatement()) {
            for (String[] q : new String[][] {{"tenant walk (pendingTenants)", walk}, {"tenant A's claim share (claimOneType's select)", claim}}) {
                StringBuilder plan = new StringBuilder();
                try (ResultSet rs = s.executeQuery(q[1])) {
                    while (rs.next()) {
                        plan.append("    ").append(rs.getString(1)).append('\n');
                    }
                }
                log("plan of the %s:%n%s", q[0], plan);
            }
        }
    }

    private static TaskledgerClient client(String base, String key) {
        return TaskledgerClient.builder().baseUrl(base).apiKey(key).requestTimeout(Duration.ofSeconds(30)).build();
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i], args[i + 1]);
        }
        return opts;
    }

    private static void log(String format, Object... args) {
        System.out.printf("[fairness] " + format + "%n", args);
    }
}
