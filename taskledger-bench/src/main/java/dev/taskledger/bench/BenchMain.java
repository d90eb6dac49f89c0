package dev.taskledger.bench;

import dev.taskledger.bench.Workloads.Measurement;
import dev.taskledger.client.TaskledgerClient;
import dev.taskledger.client.WorkerBuilder;
import dev.taskledger.embedded.EmbeddedTaskledger;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark command: per profile (headline first) and backend, per trial a fresh database and a freshly started
 * server, then the workloads in order (W1 enqueue, W2 drain, W3 latency, ledger single, ledger batch), each with the
 * CPU its processes used; then the warm-up curve (headline) and the optional scale, soak and ledger-scale workloads
 * (PostgreSQL). Prints the markdown report; writes PNG charts with {@code --charts}. See {@link BenchConfig#USAGE}
 * and docs/benchmark.md.
 */
public final class BenchMain {
    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.print(BenchConfig.USAGE);
            return;
        }
        BenchConfig config;
        try {
            config = BenchConfig.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("taskledger-bench: " + e.getMessage());
            System.err.print(BenchConfig.USAGE);
            System.exit(2);
            return;
        }
        String table = run(config);
        System.out.println(table);
        if (config.out() != null) {
            Files.writeString(config.out(), table);
        }
    }

    /** Runs everything and returns the markdown report. */
    public static String run(BenchConfig config) throws Exception {
        Report report = new Report(config);
        for (Profile profile : config.profiles()) {
            for (String db : config.databases()) {
                String backend = TrialDatabase.backendOf(db);
                Map<String, List<Measurement>> results = new LinkedHashMap<>();
                List<ClaimPlan> plans = new ArrayList<>();
                boolean scale = config.scale().historyTasks() > 0 && onPostgres(backend, "--history-tasks");
                for (int trial = 1; trial <= config.trials(); trial++) {
                    if (!config.workloads().equals(java.util.Set.of(BenchConfig.EMBEDDED))) {
                        try (TrialDatabase database = TrialDatabase.fresh(db, config.keepData())) {
                            report.noteVersion(database);
                            runTrial(config, profile, database, trial, results, scale && trial == 1 ? plans : null);
                        }
                    }
                    if (config.workloads().contains(BenchConfig.EMBEDDED)) {
                        try (TrialDatabase database = TrialDatabase.fresh(db, config.keepData())) {
                            report.noteVersion(database);
                            runEmbeddedTrial(config, profile, database, trial, results);
                        }
                    }
                }
                if (scale) {
                    for (int trial = 1; trial <= config.trials(); trial++) {
                        try (TrialDatabase database = TrialDatabase.fresh(db, config.keepData())) {
                            runScaleTrial(config, profile, database, trial, results, trial == 1 ? plans : null);
                        }
                    }
                }
                report.add(profile, backend, results);
                report.addPlans(profile, backend, plans);
                latencyCharts(config, report, profile, backend, results);
                if (config.workloads().contains(BenchConfig.WARMUP_CURVE) && profile.headlineProfile()) {
                    curve(config, report, profile, db);
                }
            }
        }
        if (config.workloads().contains(BenchConfig.WARMUP_CURVE) && config.profiles().stream().noneMatch(Profile::headlineProfile)) {
            log("warmup-curve: runs in the headline profile only (a fresh server, no warm-up); skipped");
        }
        Profile first = config.profiles().getFirst();
        for (String db : config.databases()) {
            String backend = TrialDatabase.backendOf(db);
            if (config.scale().soakMinutes() > 0 && onPostgres(backend, "--soak-minutes")) {
                soak(config, report, first, db);
            }
            if (config.scale().ledgerEntries() > 0 && onPostgres(backend, "--ledger-entries")) {
                ledgerScale(config, report, db);
            }
        }
        return report.markdown();
    }

    private static boolean onPostgres(String backend, String option) {
        if (!backend.equals("postgresql")) {
            log("%s: PostgreSQL only for now; skipped on %s", option, backend);
        }
        return backend.equals("postgresql");
    }

    private static void runTrial(BenchConfig config, Profile profile, TrialDatabase database, int trial,
                                 Map<String, List<Measurement>> results, List<ClaimPlan> plans) throws Exception {
        try (BenchServer server = BenchServer.start(config, database.env())) {
            TaskledgerClient client = client(server);
            Workloads w = new Workloads(config, profile, client, server.baseUrl());
            CpuMeter cpu = new CpuMeter(server.pid(), database.backend());
            log("%s %s trial %d: server at %s (pid %d)", profile.name(), database.backend(), trial, server.baseUrl(), server.pid());
            if (profile.warmUp() > 0) {
                warmUp(config.warmUpRun(profile), profile, client, server.baseUrl(), database);
            }
            if (config.workloads().contains("w1") || config.workloads().contains("w2")) {
                Counts before = Counts.of(database);
                Measurement m = measured(cpu, "w1", w::enqueue);
                if (config.workloads().contains("w1")) {
                    record(results, "w1", m, database, trial);
                }
                if (plans != null) {
                    plans.add(ClaimPlan.explain(database, String.format("no history, %,d pending", config.tasks()), claimSize(w)));
                }
                if (config.workloads().contains("w2")) {
                    record(results, "w2", measured(cpu, "w2", w::drain), database, trial);
                    before.verifyDrain(database, config.tasks());
                }
            }
            if (config.workloads().contains(BenchConfig.W2_LIMITED)) {
                record(results, BenchConfig.W2_LIMITED, measured(cpu, BenchConfig.W2_LIMITED, w::drainLimited), database, trial);
            }
            if (config.workloads().contains("w3")) {
                record(results, "w3", measured(cpu, "w3", w::latency), database, trial);
            }
            if (config.workloads().contains(BenchConfig.DEPS)) {
                for (Map.Entry<String, Measurement> e : w.dependencies().entrySet()) {
                    record(results, e.getKey(), e.getValue(), database, trial);
                }
            }
            for (String ledger : List.of("ledger-single", "ledger-single-client", "ledger-batch")) {
                if (config.workloads().contains(ledger)) {
                    Workload workload = switch (ledger) {
                        case "ledger-single" -> w::ledgerSingle;
                        case "ledger-single-client" -> w::ledgerSingleClient;
                        default -> w::ledgerBatch;
                    };
                    record(results, ledger, measured(cpu, ledger, workload), database, trial);
                }
            }
        }
        if (config.workloads().contains(BenchConfig.W1_STREAM)) {
            database.emptyTables();
            streamTrial(config, profile, database, trial, results);
        }
    }

    /**
     * W1-stream on a freshly started server of its own (warmed up as the profile says), so that it starts as cold as
     * W1 does, on emptied tables; every task must have its created event.
     */
    private static void streamTrial(BenchConfig config, Profile profile, TrialDatabase database, int trial,
                                    Map<String, List<Measurement>> results) throws Exception {
        try (BenchServer server = BenchServer.start(config, database.env())) {
            TaskledgerClient client = client(server);
            Workloads w = new Workloads(config, profile, client, server.baseUrl());
            CpuMeter cpu = new CpuMeter(server.pid(), database.backend());
            log("%s %s trial %d: server at %s (pid %d) for %s", profile.name(), database.backend(), trial, server.baseUrl(),
                    server.pid(), BenchConfig.W1_STREAM);
            if (profile.warmUp() > 0) {
                warmUp(config.warmUpRun(profile), profile, client, server.baseUrl(), database);
            }
            long events = database.count("task_events");
            record(results, BenchConfig.W1_STREAM, measured(cpu, BenchConfig.W1_STREAM, w::enqueueStream), database, trial);
            long written = database.count("task_events") - events;
            if (written != config.tasks()) {
                throw new IllegalStateException(BenchConfig.W1_STREAM + " wrote " + written + " events for " + config.tasks() + " tasks");
            }
        }
    }

    /**
     * W1, W2 and W3 through the embedded client: the services over this trial's fresh database inside this JVM, no
     * server and no HTTP, the same N, worker settings and checks as the HTTP trial (warmed up as the profile says);
     * recorded as {@code w1+embedded} etc. Its CPU is all this JVM's (and the database's).
     */
    private static void runEmbeddedTrial(BenchConfig config, Profile profile, TrialDatabase database, int trial,
                                         Map<String, List<Measurement>> results) throws Exception {
        try (EmbeddedTaskledger node = EmbeddedTaskledger.builder().jdbc(database.jdbc()).start()) {
            CpuMeter cpu = new CpuMeter(-1, database.backend());
            log("%s %s embedded trial %d: %s in this JVM (load average %s)", profile.name(), database.backend(), trial,
                    node.describe(), loadAverage());
            if (profile.warmUp() > 0) {
                Workloads warm = new Workloads(config.warmUpRun(profile), profile, node.client(), null);
                warm.enqueue();
                warm.drain();
                warm.latency();
                database.emptyTables();
            }
            Workloads w = new Workloads(config, profile, node.client(), null);
            Counts before = Counts.of(database);
            record(results, "w1" + Report.EMBEDDED, measured(cpu, "w1 embedded", w::enqueue), database, trial);
            record(results, "w2" + Report.EMBEDDED, measured(cpu, "w2 embedded", w::drain), database, trial);
            before.verifyDrain(database, config.tasks());
            record(results, "w3" + Report.EMBEDDED, measured(cpu, "w3 embedded", w::latency), database, trial);
        }
    }

    /**
     * The scale workload: a freshly started server (warmed up as the profile says), {@code --history-tasks}
     * finished tasks loaded by SQL and analysed, then W1, W2 and W3 as in a normal trial, recorded as
     * {@code w1+history} etc.; the claim plan with the history and an empty queue, and with N pending.
     */
    private static void runScaleTrial(BenchConfig config, Profile profile, TrialDatabase database, int trial,
                                      Map<String, List<Measurement>> results, List<ClaimPlan> plans) throws Exception {
        try (BenchServer server = BenchServer.start(config, database.env())) {
            TaskledgerClient client = client(server);
            Workloads w = new Workloads(config, profile, client, server.baseUrl());
            CpuMeter cpu = new CpuMeter(server.pid(), database.backend());
            log("%s %s scale trial %d: server at %s (pid %d)", profile.name(), database.backend(), trial, server.baseUrl(), server.pid());
            if (profile.warmUp() > 0) {
                warmUp(config.warmUpRun(profile), profile, client, server.baseUrl(), database);
            }
            HistoryLoader.loadTasks(database, config.scale().historyTasks());
            String history = String.format("%,d finished tasks", config.scale().historyTasks());
            if (plans != null) {
                plans.add(ClaimPlan.explain(database, history + ", 0 pending", claimSize(w)));
            }
            if (config.workloads().contains("w1") || config.workloads().contains("w2")) {
                Counts before = Counts.of(database);
                Measurement m = measured(cpu, "w1 with history", w::enqueue);
                if (config.workloads().contains("w1")) {
                    record(results, "w1" + Report.HISTORY, m, database, trial);
                }
                if (plans != null) {
                    plans.add(ClaimPlan.explain(database, history + String.format(", %,d pending", config.tasks()), claimSize(w)));
                }
                if (config.workloads().contains("w2")) {
                    record(results, "w2" + Report.HISTORY, measured(cpu, "w2 with history", w::drain), database, trial);
                    before.verifyDrain(database, config.tasks());
                }
            }
            if (config.workloads().contains("w3")) {
                record(results, "w3" + Report.HISTORY, measured(cpu, "w3 with history", w::latency), database, trial);
            }
        }
    }

    /** How many tasks the worker's first claim asks for: all its places (concurrency + a fixed prefetch; an adaptive one starts at 0). */
    private static int claimSize(Workloads w) {
        WorkerBuilder b = w.worker(Workloads.QUEUE_TYPE);
        return b.concurrency() + b.prefetch().orElse(0);
    }

    private static void curve(BenchConfig config, Report report, Profile profile, String db) throws Exception {
        List<List<WarmUpCurve.Slice>> trials = new ArrayList<>();
        String backend = TrialDatabase.backendOf(db);
        for (int trial = 1; trial <= config.trials(); trial++) {
            try (TrialDatabase database = TrialDatabase.fresh(db, config.keepData());
                 BenchServer server = BenchServer.start(config, database.env())) {
                log("%s %s warm-up curve trial %d: server at %s (pid %d)", profile.name(), backend, trial, server.baseUrl(), server.pid());
                trials.add(WarmUpCurve.run(new Workloads(config, profile, client(server), server.baseUrl()), config));
            }
        }
        WarmUpCurve.Result curve = WarmUpCurve.summarize(trials);
        report.addCurve(profile, backend, curve);
        if (config.charts() != null) {
            Path png = Charts.warmUpCurve(config.charts(), Charts.fileName("warmup-curve", backend, profile.name()),
                    "Warm-up: a freshly started server, " + backend + ", " + profile.name() + " profile", curve, 20_000);
            report.addChart(profile, "warm-up curve " + backend, png);
        }
    }

    private static void latencyCharts(BenchConfig config, Report report, Profile profile, String backend,
                                      Map<String, List<Measurement>> results) throws IOException {
        if (config.charts() == null) {
            return;
        }
        for (String workload : List.of("w3", "w3" + Report.HISTORY)) {
            List<Measurement> ms = results.get(workload);
            if (ms == null) {
                continue;
            }
            Histogram merged = new Histogram(3);
            ms.forEach(m -> merged.add(m.latencyMicros()));
            boolean history = workload.endsWith(Report.HISTORY);
            String title = String.format("W3 create → handler start, %s, %s profile%s (%,d tasks, %d trial(s))", backend,
                    profile.name(), history ? String.format(", %,d tasks in history", config.scale().historyTasks()) : "",
                    merged.getTotalCount(), ms.size());
            Path png = Charts.latency(config.charts(), Charts.fileName("w3-latency", backend, profile.name(),
                    history ? "history" : "empty"), title, merged);
            report.addChart(profile, "W3 latency " + backend + (history ? " with history" : ""), png);
        }
    }

    private static void soak(BenchConfig config, Report report, Profile profile, String db) throws Exception {
        try (TrialDatabase database = TrialDatabase.fresh(db, config.keepData());
             BenchServer server = BenchServer.start(config, database.env(), Soak.RETENTION_ENV)) {
            log("%s soak: %d/s for %d min, server at %s (pid %d)", database.backend(), config.scale().soakRate(),
                    config.scale().soakMinutes(), server.baseUrl(), server.pid());
            String name = "soak-" + database.backend() + "-" + profile.name();
            Path dir = config.charts() != null ? config.charts() : Files.createTempDirectory("taskledger-bench-");
            Soak.Result r = Soak.run(config, profile, client(server), database, new CpuMeter(server.pid(), database.backend()),
                    dir.resolve(name + ".csv"));
            Path png = config.charts() == null ? null : Charts.soak(config.charts(), name + ".png", String.format(
                    "Soak: %,d tasks/s created and drained, retention on (%s, %s profile)", r.rate(), database.backend(),
                    profile.name()), r.samples());
            report.addSoak(database.backend(), profile, r, png);
        }
    }

    private static void ledgerScale(BenchConfig config, Report report, String db) throws Exception {
        try (TrialDatabase database = TrialDatabase.fresh(db, config.keepData());
             BenchServer server = BenchServer.start(config, database.env())) {
            log("%s ledger scale: %,d entries, server at %s (pid %d)", database.backend(), config.scale().ledgerEntries(),
                    server.baseUrl(), server.pid());
            HistoryLoader.loadLedger(database, config.scale().ledgerEntries());
            report.addLedgerScale(database.backend(), LedgerScale.run(config, client(server), server.pid(),
                    new CpuMeter(server.pid(), database.backend())));
        }
    }

    private static TaskledgerClient client(BenchServer server) {
        return TaskledgerClient.builder().baseUrl(server.baseUrl()).requestTimeout(Duration.ofSeconds(120)).build();
    }

    interface Workload {
        Measurement run() throws Exception;
    }

    /** Runs a workload and notes the CPU each process used meanwhile. */
    private static Measurement measured(CpuMeter cpu, String name, Workload workload) throws Exception {
        CpuMeter.Sample before = cpu.sample();
        Measurement m = workload.run();
        CpuMeter.Sample used = cpu.sample().minus(before);
        log("%s %s", name, used);
        return m.withCpu(used);
    }

    /**
     * Runs every workload once at warm-up size, then empties every table, so the measured run starts on empty
     * tables with a server whose JIT has compiled its hot paths. (A freshly started JVM spends about half of its
     * CPU in the first 30 seconds compiling: C2 took 10.7 of the server's 22 CPU-seconds in a cold W1 + W2.)
     */
    private static void warmUp(BenchConfig warm, Profile profile, TaskledgerClient client, String baseUrl, TrialDatabase database)
            throws Exception {
        long t0 = System.nanoTime();
        Workloads w = new Workloads(warm, profile, client, baseUrl);
        for (String workload : warm.workloads()) {
            switch (workload) {
                case "w1" -> w.enqueue();
                case BenchConfig.W1_STREAM -> w.enqueueStream();
                case "w2" -> {
                    if (!warm.workloads().contains("w1")) {
                        w.enqueue();
                    }
                    w.drain();
                }
                case BenchConfig.W2_LIMITED -> w.drainLimited();
                case "w3" -> w.latency();
                case "ledger-single" -> w.ledgerSingle();
                case "ledger-single-client" -> w.ledgerSingleClient();
                case "ledger-batch" -> w.ledgerBatch();
                case BenchConfig.WARMUP_CURVE, BenchConfig.EMBEDDED -> { } // a fresh server / its own trial: nothing to warm here
                default -> throw new IllegalStateException("unknown workload " + workload);
            }
        }
        database.emptyTables();
        log("warm-up: %,d tasks through %s in %.1f s; tables emptied", warm.tasks(), warm.workloads(), (System.nanoTime() - t0) / 1e9);
    }

    /** Result and event rows before W1, to check afterwards that W2 wrote exactly what it should. */
    private record Counts(long results, long events) {
        static Counts of(TrialDatabase database) {
            return new Counts(database.count("task_results"), database.count("task_events"));
        }

        /** Every drained task has its result row and its three events (created, claimed, completed), and nothing else came. */
        void verifyDrain(TrialDatabase database, int n) {
            long newResults = database.count("task_results") - results;
            long newEvents = database.count("task_events") - events;
            if (newResults != n || newEvents != 3L * n) {
                throw new IllegalStateException("W2 did not write everything: " + newResults + " new result rows (want " + n + "), "
                        + newEvents + " new event rows (want " + 3L * n + ")");
            }
        }
    }

    private static void record(Map<String, List<Measurement>> results, String workload, Measurement m, TrialDatabase db, int trial) {
        results.computeIfAbsent(workload, k -> new ArrayList<>()).add(m);
        if (m.latencyMicros() != null) {
            log("%s trial %d %s: p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms", db.backend(), trial, workload,
                    m.latencyMs(50), m.latencyMs(95), m.latencyMs(99), m.latencyMs(100));
        } else {
            log("%s trial %d %s: %d in %.3f s = %,.0f/s", db.backend(), trial, workload, m.count(), m.seconds(), m.rate());
        }
    }

    static void log(String format, Object... args) {
        System.err.println("[bench] " + String.format(format, args));
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
