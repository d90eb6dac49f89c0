package dev.taskledger.bench;

import dev.taskledger.bench.Workloads.Measurement;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/** The markdown table: one row per backend and workload, median and [min–max] over the trials. */
final class Report {
    private final BenchConfig config;
    private final StringBuilder rows = new StringBuilder();
    private final Set<String> versions = new LinkedHashSet<>();
    private final String startLoad = BenchMain.loadAverage();

    Report(BenchConfig config) {
        this.config = config;
    }

    void noteVersion(TrialDatabase db) {
        versions.add(db.version());
    }

    void add(String db, Map<String, List<Measurement>> results) {
        String backend = db.toLowerCase(Locale.ROOT).startsWith("jdbc:postgresql") ? "postgresql" : db;
        results.forEach((workload, ms) -> rows.append("| ").append(backend).append(" | ").append(label(workload))
                .append(" | ").append(cells(workload, ms)).append(" | ").append(target(workload)).append(" |\n"));
    }

    private String label(String workload) {
        return switch (workload) {
            case "w1" -> String.format("W1 enqueue %,d tasks (bulk, %,d per request, %d in flight)", config.tasks(),
                    config.enqueueBatch(), config.enqueueClients());
            case "w2" -> String.format("W2 drain %,d tasks (1 worker, concurrency %d, prefetch %d, no-op handler)",
                    config.tasks(), config.workerConcurrency(), config.workerPrefetch());
            case "w3" -> String.format("W3 create→handler start (%d tasks at %d/s, idle worker)", config.latencyTasks(),
                    config.latencyRate());
            case "ledger-single" -> String.format("ledger: %,d single records, %d concurrent clients (keep-alive HTTP/1.1 load generator)",
                    config.ledgerSingle(), config.ledgerClients());
            case "ledger-single-client" -> String.format("ledger: %,d single records, %d concurrent clients (taskledger-client)",
                    config.ledgerSingle(), config.ledgerClients());
            case "ledger-batch" -> String.format("ledger: %,d records in batches of %,d, %d in flight", config.ledgerBatchRecords(),
                    config.ledgerBatchSize(), config.ledgerBatchClients());
            default -> workload;
        };
    }

    private static String cells(String workload, List<Measurement> ms) {
        if (workload.equals("w3")) {
            return "p50 " + stat(ms, m -> Workloads.percentile(m.latenciesMs(), 50), "%.1f") + " ms; p95 "
                    + stat(ms, m -> Workloads.percentile(m.latenciesMs(), 95), "%.1f") + " ms; p99 "
                    + stat(ms, m -> Workloads.percentile(m.latenciesMs(), 99), "%.1f") + " ms | –";
        }
        String unit = workload.startsWith("ledger") ? "records/s" : "tasks/s";
        return stat(ms, Measurement::seconds, "%.2f") + " s | " + stat(ms, Measurement::rate, "%,.0f") + " " + unit;
    }

    /** {@code median [min–max]}, or just the value for one trial. */
    private static String stat(List<Measurement> ms, ToDoubleFunction<Measurement> f, String format) {
        double[] v = ms.stream().mapToDouble(f).sorted().toArray();
        double median = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        String m = String.format(Locale.ROOT, format, median);
        if (v.length == 1) {
            return m;
        }
        return m + " [" + String.format(Locale.ROOT, format, v[0]) + "–" + String.format(Locale.ROOT, format, v[v.length - 1]) + "]";
    }

    private static String target(String workload) {
        return switch (workload) {
            case "w1" -> "≥ 100,000 tasks/s";
            case "w2" -> "≥ 8,000 tasks/s";
            case "w3" -> "p50 ≤ 3 ms, p99 ≤ 10 ms";
            case "ledger-single", "ledger-single-client" -> "≥ 5,000 records/s";
            case "ledger-batch" -> "≥ 100,000 records/s";
            default -> "";
        };
    }

    String markdown() {
        String date = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
        return "Taskledger benchmark, " + date + "\n\n"
                + "- machine: " + Runtime.getRuntime().availableProcessors() + " cores, " + memory() + " RAM; JDK "
                + System.getProperty("java.runtime.version") + "; " + String.join(", ", versions) + "\n"
                + "- server: " + (config.inProcess() ? "in the benchmark JVM" : "a separate JVM (java -jar " + config.serverJar()
                + (config.serverJvmOptions().isEmpty() ? "" : " " + String.join(" ", config.serverJvmOptions())) + ")")
                + "; client and worker in the benchmark JVM; each trial on a fresh schema (PostgreSQL), database (MariaDB) or"
                + " file (SQLite) with a freshly started server, "
                + (config.warmUp() > 0 ? "warmed up with " + String.format("%,d", config.warmUp()) + " tasks through every"
                        + " workload, then every table emptied, then measured\n" : "measured cold (no warm-up)\n")
                + "- " + config.trials() + " trial(s); cells are median [min–max]; load average at start " + startLoad
                + ", at end " + BenchMain.loadAverage() + "\n\n"
                + "| backend | workload | time | throughput | target (PostgreSQL) |\n"
                + "|---|---|---|---|---|\n"
                + rows;
    }

    private static String memory() {
        try {
            String kb = Arrays.stream(Files.readString(Path.of("/proc/meminfo")).split("\n"))
                    .filter(l -> l.startsWith("MemTotal:")).findFirst().orElse("MemTotal: 0 kB").replaceAll("\\D", "");
            return String.format(Locale.ROOT, "%.0f GiB", Long.parseLong(kb) / 1024.0 / 1024.0);
        } catch (IOException | NumberFormatException e) {
            return "unknown";
        }
    }
}
