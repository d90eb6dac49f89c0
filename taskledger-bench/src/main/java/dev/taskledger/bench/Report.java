package dev.taskledger.bench;

import dev.taskledger.bench.Workloads.Measurement;
import dev.taskledger.client.TaskledgerClient;
import dev.taskledger.client.Worker;
import dev.taskledger.client.WorkerBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * The markdown report: per profile (headline first) the results table (median and [min–max] over the trials), the
 * CPU each process used per task, the claim plans and the warm-up curve; then the soak and the ledger at scale.
 */
final class Report {
    static final String HISTORY = "+history";
    /** Workloads ending in this ran through the embedded client (BenchConfig.EMBEDDED): their own rows. */
    static final String EMBEDDED = "+embedded";

    private final BenchConfig config;
    private final Map<String, Section> sections = new LinkedHashMap<>();
    private final Set<String> versions = new LinkedHashSet<>();
    private final StringBuilder extras = new StringBuilder();
    private final String startLoad = BenchMain.loadAverage();
    /** Never called: {@code Worker.builder} needs a client, and the report asks the builder for the Worker's defaults. */
    private final TaskledgerClient offline = TaskledgerClient.builder().baseUrl("http://127.0.0.1:1").build();

    /** What one profile's part of the report holds. */
    private static final class Section {
        final Profile profile;
        final StringBuilder rows = new StringBuilder();
        final StringBuilder cpuRows = new StringBuilder();
        final StringBuilder plans = new StringBuilder();
        final Map<String, WarmUpCurve.Result> curves = new LinkedHashMap<>();
        final List<String> charts = new ArrayList<>();
        final Map<String, Double> medians = new LinkedHashMap<>();

        Section(Profile profile) {
            this.profile = profile;
        }
    }

    Report(BenchConfig config) {
        this.config = config;
        config.profiles().forEach(p -> sections.put(p.name(), new Section(p)));
    }

    void noteVersion(TrialDatabase db) {
        versions.add(db.version());
    }

    /** A backend's results in a profile; workloads ending in {@link #HISTORY} ran on the scale workload's history. */
    void add(Profile profile, String backend, Map<String, List<Measurement>> results) {
        Section s = sections.get(profile.name());
        results.forEach((workload, ms) -> {
            String base = base(workload);
            double median = median(ms, workload.startsWith("w3") ? m -> m.latencyMs(50) : Measurement::rate);
            s.medians.put(backend + " " + workload, median);
            String versusEmpty = "";
            Double empty = s.medians.get(backend + " " + base);
            if (workload.endsWith(HISTORY) && empty != null) {
                versusEmpty = String.format(Locale.ROOT, base.equals("w3") ? " (p50 %.2f× empty)" : " (%.2f× empty)", median / empty);
            }
            s.rows.append("| ").append(backend).append(" | ").append(label(profile, workload)).append(" | ")
                    .append(cells(base, ms)).append(versusEmpty).append(" | ").append(goal(workload)).append(" |\n");
            if (ms.getFirst().cpu() != null) {
                s.cpuRows.append("| ").append(backend).append(" | ").append(shortLabel(workload)).append(" | ")
                        .append(cpuCells(backend, workload, ms)).append(" |\n");
            }
        });
    }

    void addPlans(Profile profile, String backend, List<ClaimPlan> plans) {
        StringBuilder out = sections.get(profile.name()).plans;
        for (ClaimPlan p : plans) {
            out.append(String.format(Locale.ROOT, "| %s | %s | %.2f ms | %,d | %s |%n", backend, p.label(), p.executionMs(),
                    p.buffers(), p.nodes()));
        }
    }

    void addCurve(Profile profile, String backend, WarmUpCurve.Result curve) {
        sections.get(profile.name()).curves.put(backend, curve);
    }

    void addChart(Profile profile, String what, Path file) {
        sections.get(profile.name()).charts.add("[" + what + "](" + link(file) + ")");
    }

    /** A file as the report links it: relative to the {@code --out} file's directory when there is one. */
    private String link(Path file) {
        if (config.out() == null) {
            return file.toString();
        }
        Path from = config.out().toAbsolutePath().getParent();
        return from.relativize(file.toAbsolutePath()).toString();
    }

    void addSoak(String backend, Profile profile, Soak.Result r, Path chart) {
        Soak.Sample first = r.samples().getFirst();
        Soak.Sample last = r.samples().getLast();
        extras.append(String.format(Locale.ROOT, "%n## Soak (%s, %s profile): %,d tasks/s for %d min, retention on%n%n", backend,
                profile.name(), r.rate(), r.minutes()));
        extras.append(String.format(Locale.ROOT, "%,d created, %,d completed in %.0f s; CPU per task: server %s, benchmark JVM %s,"
                        + " database %s. Samples: `%s`%s.%n%n", last.created(), last.completed(), last.seconds(),
                micros(r.cpu().server(), last.completed()), micros(r.cpu().client(), last.completed()),
                micros(r.cpu().database(), last.completed()), link(r.csv()),
                chart == null ? "" : "; chart: [" + chart.getFileName() + "](" + link(chart) + ")"));
        extras.append("| minute | created | completed | tasks MiB (dead tuples) | task_events MiB (dead) | task_results MiB (dead) | tasks autovacuum runs |\n");
        extras.append("|---|---|---|---|---|---|---|\n");
        List<Soak.Sample> shown = new ArrayList<>();
        int step = Math.max(1, r.samples().size() / 10);
        for (int i = 0; i < r.samples().size(); i += step) {
            shown.add(r.samples().get(i));
        }
        if (shown.getLast() != last) {
            shown.add(last);
        }
        for (Soak.Sample s : shown) {
            extras.append(String.format(Locale.ROOT, "| %.1f | %,d | %,d | %s | %s | %s | %d |%n", s.seconds() / 60, s.created(),
                    s.completed(), size(s, "tasks"), size(s, "task_events"), size(s, "task_results"),
                    s.values().getOrDefault("tasks_autovacuum_runs", 0L)));
        }
        if (first == last) {
            extras.append("\n(one sample only)\n");
        }
    }

    void addLedgerScale(String backend, LedgerScale.Result r) {
        extras.append(String.format(Locale.ROOT, "%n## Ledger at scale (%s): %,d entries loaded by SQL%n%n", backend, r.entries()));
        extras.append("| what | time | rate | server CPU | database CPU | server peak RSS (VmHWM) |\n|---|---|---|---|---|---|\n");
        extras.append(String.format(Locale.ROOT, "| export, CSV streamed through taskledger-client: %,d rows | %.2f s | %,.0f rows/s | %.2f s | %.2f s"
                        + " | %s before, %s after (largest VmRSS while streaming: %s) |%n", r.exportRows(), r.exportSeconds(),
                r.exportRows() / r.exportSeconds(), r.exportCpu().server(), r.exportCpu().database(),
                LedgerScale.mib(r.peakRssBeforeExport()), LedgerScale.mib(r.peakRssAfterExport()), LedgerScale.mib(r.maxRssDuringExport())));
        extras.append(String.format(Locale.ROOT, "| reconcile of %,d expected items (%,d ok, %,d missing, %,d not ok) | %.2f s | %,.0f items/s"
                        + " | %.2f s | %.2f s | %s after |%n", r.reconcileItems(), r.ok(), r.missing(), r.notOk(), r.reconcileSeconds(),
                r.reconcileItems() / r.reconcileSeconds(), r.reconcileCpu().server(), r.reconcileCpu().database(),
                LedgerScale.mib(r.peakRssAfterReconcile())));
        java.util.List<Double> sorted = r.summaryMillis().stream().sorted().toList();
        extras.append(String.format(Locale.ROOT, "| `GET /api/v1/ledger/summary`, %d calls: median [max] | %.1f [%.1f] ms | | | | |%n",
                sorted.size(), sorted.get(sorted.size() / 2), sorted.getLast()));
        extras.append("\nGoal (issue 16): reconcile of 1,000,000 expected items in ≤ 10 s; export with bounded memory.\n");
    }

    private static String size(Soak.Sample s, String table) {
        return String.format(Locale.ROOT, "%.1f (%,d)", s.values().getOrDefault(table + "_total_bytes", 0L) / 1048576.0,
                s.values().getOrDefault(table + "_dead_tuples", 0L));
    }

    private String label(Profile profile, String workload) {
        String history = workload.endsWith(HISTORY) ? String.format(" — with %,d finished tasks in history",
                config.scale().historyTasks()) : workload.endsWith(EMBEDDED) ? " — embedded client (in process, no HTTP)" : "";
        return switch (base(workload)) {
            case "w1" -> String.format("W1 enqueue %,d tasks (bulk, %,d per request, %d in flight)", config.tasks(),
                    config.enqueueBatch(), profile.enqueueClients());
            case BenchConfig.W1_STREAM -> String.format("W1-stream enqueue %,d tasks (one streamed NDJSON request, a server of its own)",
                    config.tasks());
            case "w2" -> String.format("W2 drain %,d tasks (1 worker, concurrency %d, prefetch %s, no-op handler)",
                    config.tasks(), config.workerConcurrency(), prefetch(profile));
            case BenchConfig.W2_LIMITED -> String.format("W2 drain %,d tasks over %d concurrency keys, limits on the type and every"
                    + " key that do not bind (1 worker, concurrency %d, prefetch %s)", config.tasks(), Workloads.LIMITED_KEYS,
                    config.workerConcurrency(), prefetch(profile));
            case "w3" -> String.format("W3 create→handler start (%d tasks at %d/s, idle worker)", config.latencyTasks(),
                    config.latencyRate());
            case "ledger-single" -> String.format("ledger: %,d single records, %d concurrent clients (keep-alive HTTP/1.1 load generator)",
                    config.ledgerSingle(), config.ledgerClients());
            case "ledger-single-client" -> String.format("ledger: %,d single records, %d concurrent clients (taskledger-client)",
                    config.ledgerSingle(), config.ledgerClients());
            case "ledger-batch" -> String.format("ledger: %,d records in batches of %,d, %d in flight", config.ledgerBatchRecords(),
                    config.ledgerBatchSize(), config.ledgerBatchClients());
            default -> workload;
        } + history;
    }

    private static String shortLabel(String workload) {
        String base = base(workload);
        String name = switch (base) {
            case "w1", "w2", "w3" -> base.toUpperCase(Locale.ROOT);
            case BenchConfig.W1_STREAM -> "W1-stream";
            default -> base;
        };
        return workload.endsWith(HISTORY) ? name + " with history" : workload.endsWith(EMBEDDED) ? name + " embedded" : name;
    }

    /** The workload without the suffix saying it ran on a history or through the embedded client. */
    private static String base(String workload) {
        return workload.replace(HISTORY, "").replace(EMBEDDED, "");
    }

    /** The worker settings a profile runs with, as {@code Worker.builder} would build them. */
    private WorkerBuilder builder(Profile profile) {
        return Workloads.workerSettings(Worker.builder(offline), config, profile);
    }

    /** The worker's prefetch as the report names it: the fixed number, or "adaptive". */
    private String prefetch(Profile profile) {
        OptionalInt fixed = builder(profile).prefetch();
        return fixed.isPresent() ? String.valueOf(fixed.getAsInt()) : "adaptive";
    }

    private static String cells(String workload, List<Measurement> ms) {
        if (workload.equals("w3")) {
            return "p50 " + stat(ms, m -> m.latencyMs(50), "%.1f") + " ms; p95 " + stat(ms, m -> m.latencyMs(95), "%.1f")
                    + " ms; p99 " + stat(ms, m -> m.latencyMs(99), "%.1f") + " ms | –";
        }
        String unit = workload.startsWith("ledger") ? "records/s" : "tasks/s";
        return stat(ms, Measurement::seconds, "%.2f") + " s | " + stat(ms, Measurement::rate, "%,.0f") + " " + unit;
    }

    /** Server, benchmark JVM, database and total, in µs of CPU per task (record), median over the trials. */
    private String cpuCells(String backend, String workload, List<Measurement> ms) {
        String server = workload.endsWith(EMBEDDED) ? "none: in the client's JVM" : config.inProcess() ? "in the benchmark JVM"
                : perItem(ms, m -> m.cpu().server()) + " (JIT " + share(ms, m -> m.cpu().serverJit(), m -> m.cpu().server()) + ")";
        String client = perItem(ms, m -> m.cpu().client()) + " (JIT " + share(ms, m -> m.cpu().clientJit(), m -> m.cpu().client()) + ")";
        String database = backend.equals("sqlite") ? (workload.endsWith(EMBEDDED) ? "in the client" : "in the server") : perItem(ms, m -> m.cpu().database());
        return server + " | " + client + " | " + database + " | " + perItem(ms, m -> m.cpu().total());
    }

    private static String perItem(List<Measurement> ms, ToDoubleFunction<Measurement> seconds) {
        return String.format(Locale.ROOT, "%,.0f", median(ms, m -> seconds.applyAsDouble(m) * 1e6 / m.count()));
    }

    private static String share(List<Measurement> ms, ToDoubleFunction<Measurement> part, ToDoubleFunction<Measurement> whole) {
        return String.format(Locale.ROOT, "%.0f%%", median(ms, m -> whole.applyAsDouble(m) <= 0 ? 0
                : 100 * part.applyAsDouble(m) / whole.applyAsDouble(m)));
    }

    private static String micros(double seconds, long items) {
        return items == 0 ? "n/a" : String.format(Locale.ROOT, "%,.0f µs", seconds * 1e6 / items);
    }

    private static double median(List<Measurement> ms, ToDoubleFunction<Measurement> f) {
        return WarmUpCurve.median(ms.stream().mapToDouble(f).toArray());
    }

    /** {@code median [min–max]}, or just the value for one trial. */
    private static String stat(List<Measurement> ms, ToDoubleFunction<Measurement> f, String format) {
        double[] v = ms.stream().mapToDouble(f).sorted().toArray();
        String m = String.format(Locale.ROOT, format, WarmUpCurve.median(v));
        if (v.length == 1) {
            return m;
        }
        return m + " [" + String.format(Locale.ROOT, format, v[0]) + "–" + String.format(Locale.ROOT, format, v[v.length - 1]) + "]";
    }

    /** Issue 16's goals (measured against the peers on PostgreSQL; ledger goals from the ledger's own issue). */
    private static String goal(String workload) {
        if (workload.endsWith(HISTORY)) {
            return "within 10% of the empty-table figure";
        }
        if (workload.endsWith(EMBEDDED)) {
            return "none of its own (the HTTP goals stand on the HTTP rows)";
        }
        return switch (workload) {
            case "w1", BenchConfig.W1_STREAM -> "≥ 59,000 tasks/s";
            case "w2" -> "≥ 5,500 tasks/s";
            case BenchConfig.W2_LIMITED -> "within 20% of W2";
            case "w3" -> "p50 ≤ 1.8 ms, p99 ≤ 6.0 ms";
            case "ledger-single", "ledger-single-client" -> "≥ 5,000 records/s";
            case "ledger-batch" -> "≥ 100,000 records/s";
            default -> "";
        };
    }

    private String describe(Profile profile) {
        WorkerBuilder worker = builder(profile);
        String warm = profile.warmUp() == 0 ? "a freshly started server, measured without warm-up"
                : String.format("a freshly started server warmed up with %,d tasks through every workload, then every table"
                        + " emptied, then measured", profile.warmUp());
        String prefetch = profile.prefetch() == null ? "prefetch " + prefetch(profile) + " (the Worker's default)"
                : "prefetch " + prefetch(profile);
        return warm + "; W1 sends " + profile.enqueueClients() + " bulk request(s) of " + String.format("%,d", config.enqueueBatch())
                + " tasks at a time; the `Worker` runs with concurrency " + worker.concurrency() + ", " + prefetch
                + ", claim linger " + worker.claimLinger().toMillis() + " ms and its other defaults (but a long-poll wait of "
                + Workloads.POLL_WAIT.toSeconds() + " s, so that an idle worker closes quickly)";
    }

    String markdown() {
        String date = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
        StringBuilder out = new StringBuilder("Taskledger benchmark, " + date + "\n\n");
        out.append("- machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, ").append(memory())
                .append(" RAM; JDK ").append(System.getProperty("java.runtime.version")).append("; ").append(String.join(", ", versions))
                .append('\n');
        out.append("- server: ").append(config.inProcess() ? "in the benchmark JVM" : "a separate JVM (java -jar " + config.serverJar()
                        + (config.serverJvmOptions().isEmpty() ? "" : " " + String.join(" ", config.serverJvmOptions())) + ")")
                .append("; client and worker in the benchmark JVM; each trial on a fresh schema (PostgreSQL), database (MariaDB) or"
                        + " file (SQLite) with a freshly started server\n");
        out.append("- ").append(config.trials()).append(" trial(s); cells are median [min–max]; load average at start ").append(startLoad)
                .append(", at end ").append(BenchMain.loadAverage()).append('\n');
        for (Section s : sections.values()) {
            out.append("\n## ").append(s.profile.headlineProfile() ? "Headline profile: what a user gets by default"
                    : "Tuned profile: warmed server, parallel bulk requests, large prefetch").append("\n\n");
            out.append(describe(s.profile)).append(".\n\n");
            out.append("| backend | workload | time | throughput | goal (PostgreSQL) |\n|---|---|---|---|---|\n").append(s.rows);
            if (!s.cpuRows.isEmpty()) {
                out.append("\nCPU per task (per record for the ledger), µs, median of the trials; JIT: the part of that JVM's CPU its"
                        + " JIT compiler threads used. The database column counts every `postgres` process (other clients of a"
                        + " shared server too) or the `mariadbd` process.\n\n");
                out.append("| backend | workload | server (JIT) | benchmark JVM: client + worker (JIT) | database | total |\n")
                        .append("|---|---|---|---|---|---|\n").append(s.cpuRows);
            }
            if (!s.plans.isEmpty()) {
                out.append("\nThe claim statement (`").append(ClaimPlan.STATEMENT).append("` of taskledger-store-jdbc's")
                        .append(" `sql/postgresql/tasks.sql`, literal values, EXPLAIN (ANALYZE, BUFFERS), rolled back):\n\n")
                        .append("| backend | tables | execution | buffers | plan (actual rows) |\n|---|---|---|---|---|\n").append(s.plans);
            }
            if (!s.curves.isEmpty()) {
                curves(out, s.curves);
            }
            if (!s.charts.isEmpty()) {
                out.append("\nCharts: ").append(String.join(", ", s.charts)).append('\n');
            }
        }
        return out.append(extras).toString();
    }

    private void curves(StringBuilder out, Map<String, WarmUpCurve.Result> curves) {
        out.append(String.format(Locale.ROOT, "%nWarm-up curve: a freshly started server runs %,d tasks in slices of %,d, each created"
                + " (W1) and then drained (W2) by a new worker; tasks/s per slice, median of the trials. Warm: the median of the"
                + " last slices. Goal: 90%% of warm within the first 20,000 tasks.%n%n", config.curveTasks(), config.curveSlice()));
        out.append("| backend | warm W1 | W1 ≥ 90% of warm from | warm W2 | W2 ≥ 90% of warm from |\n|---|---|---|---|---|\n");
        curves.forEach((backend, c) -> out.append(String.format(Locale.ROOT, "| %s | %,.0f tasks/s | %s | %,.0f tasks/s | %s |%n",
                backend, c.warmW1(), reached(c.w1Reached()), c.warmW2(), reached(c.w2Reached()))));
        out.append("\n| tasks |");
        curves.keySet().forEach(b -> out.append(' ').append(b).append(" W1 | ").append(b).append(" W2 |"));
        out.append("\n|---|").append("---|---|".repeat(curves.size())).append('\n');
        int slices = curves.values().iterator().next().slices().size();
        for (int k = 0; k < slices; k++) {
            int index = k;
            out.append(String.format(Locale.ROOT, "| %,d |", curves.values().iterator().next().slices().get(k).tasks()));
            curves.values().forEach(c -> out.append(String.format(Locale.ROOT, " %,.0f | %,.0f |", c.slices().get(index).w1Rate(),
                    c.slices().get(index).w2Rate())));
            out.append('\n');
        }
    }

    private static String reached(int tasks) {
        return tasks < 0 ? "not reached" : String.format(Locale.ROOT, "task %,d on", tasks);
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
