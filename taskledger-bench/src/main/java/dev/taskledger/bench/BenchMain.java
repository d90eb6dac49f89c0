package dev.taskledger.bench;

import dev.taskledger.bench.Workloads.Measurement;
import dev.taskledger.client.TaskledgerClient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark command: for each backend and trial, a fresh database and a freshly started server, then the
 * workloads in order (W1 enqueue, W2 drain, W3 latency, ledger single, ledger batch); prints the markdown table
 * (median and min–max over the trials). See {@link BenchConfig#USAGE} and docs/benchmark.md.
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
        for (String db : config.databases()) {
            Map<String, List<Measurement>> results = new LinkedHashMap<>();
            for (int trial = 1; trial <= config.trials(); trial++) {
                try (TrialDatabase database = TrialDatabase.fresh(db, config.keepData())) {
                    report.noteVersion(database);
                    runTrial(config, database, trial, results);
                }
            }
            report.add(db, results);
        }
        return report.markdown();
    }

    private static void runTrial(BenchConfig config, TrialDatabase database, int trial, Map<String, List<Measurement>> results)
            throws Exception {
        try (BenchServer server = BenchServer.start(config, database.env())) {
            TaskledgerClient client = TaskledgerClient.builder().baseUrl(server.baseUrl())
                    .requestTimeout(Duration.ofSeconds(120)).build();
            Workloads w = new Workloads(config, client, server.baseUrl());
            CpuMeter cpu = new CpuMeter(server.pid());
            log("%s trial %d: server at %s (pid %d)", database.backend(), trial, server.baseUrl(), server.pid());
            if (config.warmUp() > 0) {
                warmUp(config.warmUpRun(), client, server.baseUrl(), database);
            }
            if (config.workloads().contains("w1") || config.workloads().contains("w2")) {
                CpuMeter.Sample before = cpu.sample();
                Measurement m = w.enqueue();
                log("w1 %s", cpu.sample().minus(before));
                if (config.workloads().contains("w1")) {
                    record(results, "w1", m, database, trial);
                }
            }
            if (config.workloads().contains("w2")) {
                CpuMeter.Sample before = cpu.sample();
                record(results, "w2", w.drain(), database, trial);
                log("w2 %s", cpu.sample().minus(before));
                verifyDrain(database, config.tasks());
            }
            if (config.workloads().contains("w3")) {
                record(results, "w3", w.latency(), database, trial);
            }
            if (config.workloads().contains("ledger-single")) {
                CpuMeter.Sample before = cpu.sample();
                record(results, "ledger-single", w.ledgerSingle(), database, trial);
                log("ledger-single %s", cpu.sample().minus(before));
            }
            if (config.workloads().contains("ledger-single-client")) {
                CpuMeter.Sample before = cpu.sample();
                record(results, "ledger-single-client", w.ledgerSingleClient(), database, trial);
                log("ledger-single-client %s", cpu.sample().minus(before));
            }
            if (config.workloads().contains("ledger-batch")) {
                CpuMeter.Sample before = cpu.sample();
                record(results, "ledger-batch", w.ledgerBatch(), database, trial);
                log("ledger-batch %s", cpu.sample().minus(before));
            }
        }
    }

    /**
     * Runs every workload once at warm-up size, then empties every table, so the measured run starts on empty
     * tables with a server whose JIT has compiled its hot paths. (A freshly started JVM spends about half of its
     * CPU in the first 30 seconds compiling: C2 took 10.7 of the server's 22 CPU-seconds in a cold W1 + W2.)
     */
    private static void warmUp(BenchConfig warm, TaskledgerClient client, String baseUrl, TrialDatabase database) throws Exception {
        long t0 = System.nanoTime();
        Workloads w = new Workloads(warm, client, baseUrl);
        for (String workload : warm.workloads()) {
            switch (workload) {
                case "w1" -> w.enqueue();
                case "w2" -> {
                    if (!warm.workloads().contains("w1")) {
                        w.enqueue();
                    }
                    w.drain();
                }
                case "w3" -> w.latency();
                case "ledger-single" -> w.ledgerSingle();
                case "ledger-single-client" -> w.ledgerSingleClient();
                case "ledger-batch" -> w.ledgerBatch();
                default -> throw new IllegalStateException("unknown workload " + workload);
            }
        }
        database.emptyTables();
        log("warm-up: %,d tasks through %s in %.1f s; tables emptied", warm.tasks(), warm.workloads(), (System.nanoTime() - t0) / 1e9);
    }

    /** Every drained task has its result row and its three events (created, claimed, completed), and nothing else is there. */
    private static void verifyDrain(TrialDatabase database, int n) {
        long results = database.count("task_results");
        long events = database.count("task_events");
        if (results != n || events != 3L * n) { // exactly: the warm-up's rows must be gone
            throw new IllegalStateException("W2 did not write everything: " + results + " result rows (want " + n + "), "
                    + events + " event rows (want " + 3L * n + ")");
        }
    }

    private static void record(Map<String, List<Measurement>> results, String workload, Measurement m, TrialDatabase db, int trial) {
        results.computeIfAbsent(workload, k -> new ArrayList<>()).add(m);
        if (m.latenciesMs() != null) {
            log("%s trial %d %s: p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms", db.backend(), trial, workload,
                    Workloads.percentile(m.latenciesMs(), 50), Workloads.percentile(m.latenciesMs(), 95),
                    Workloads.percentile(m.latenciesMs(), 99), Workloads.percentile(m.latenciesMs(), 100));
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
