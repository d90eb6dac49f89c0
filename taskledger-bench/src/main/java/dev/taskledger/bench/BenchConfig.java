package dev.taskledger.bench;

import dev.taskledger.client.Worker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What one benchmark run does, from the command line ({@link #parse}); {@link #USAGE} lists the options.
 *
 * @param databases     {@code sqlite}, {@code postgresql}, {@code mariadb} (the local test servers) or JDBC URLs
 * @param profiles      the tables to measure, headline first ({@link Profile})
 * @param inProcess     run the server inside the benchmark JVM instead of as a separate process
 * @param serverEnv     extra environment for the server process ({@code --server-env}), over the benchmark's own
 * @param charts        where PNG charts (and the soak CSV) are written; null: none
 */
record BenchConfig(List<String> databases, List<Profile> profiles, int tasks, int trials, Set<String> workloads,
                   int workerConcurrency, int enqueueBatch, int latencyTasks, int latencyRate, int ledgerSingle,
                   int ledgerClients, int ledgerBatchRecords, int ledgerBatchSize, int ledgerBatchClients,
                   int curveTasks, int curveSlice, Scale scale,
                   boolean inProcess, Path serverJar, List<String> serverJvmOptions, Map<String, String> serverEnv,
                   boolean keepData, Path out, Path charts) {

    /**
     * The optional large workloads (0 turns each off; PostgreSQL only for now).
     *
     * @param historyTasks      finished tasks loaded by SQL before W1–W3 are measured again
     * @param soakRate          tasks per second created (and drained) during the soak
     * @param soakMinutes       how long the soak runs
     * @param soakSampleSeconds how often the soak samples relation sizes and dead tuples
     * @param ledgerEntries     ledger entries loaded by SQL before reconcile and export are timed
     * @param reconcileItems    expected items in the timed reconcile
     */
    record Scale(int historyTasks, int soakRate, int soakMinutes, int soakSampleSeconds, int ledgerEntries, int reconcileItems) {}

    static final String POSTGRES_DEFAULT = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
    static final String WARMUP_CURVE = "warmup-curve";
    /** W2 with concurrency limits that do not bind (issue 18); not run unless named. */
    static final String W2_LIMITED = "w2-limited";
    /** W1 as one streamed request (POST /api/v1/tasks/stream), on a freshly started server of its own. */
    static final String W1_STREAM = "w1-stream";
    static final List<String> ALL = List.of("w1", W1_STREAM, "w2", "w3", "ledger-single", "ledger-single-client", "ledger-batch", WARMUP_CURVE);
    /** Workflows: the cost per dependency edge (Workloads#dependencies); off unless named in --workloads. */
    static final String DEPS = "deps";
    /**
     * W1, W2 and W3 through the embedded client (taskledger-embedded: the services in the benchmark JVM, no HTTP) on a
     * fresh database of their own per trial, no server running; recorded as their own rows ({@code w1+embedded} ...).
     * Off unless named in --workloads.
     */
    static final String EMBEDDED = "embedded";
    /** Every workload --workloads accepts: the default set and the optional ones. */
    static final List<String> KNOWN = java.util.stream.Stream.concat(ALL.stream(), java.util.stream.Stream.of(DEPS, EMBEDDED)).toList();

    static final String USAGE = """
            usage: java -jar taskledger-bench/target/taskledger-bench.jar [options]
              --db <sqlite|postgresql|mariadb|jdbc-url>  backend; repeat for several (default: sqlite and postgresql)
              --profile <headline|tuned|both>     which tables (default both, headline first):
                                                  headline = a freshly started server, no warm-up, 1 W1 request in
                                                  flight, the Worker at --concurrency and its own defaults otherwise;
                                                  tuned = warm-up 3N, 4 W1 requests in flight, prefetch 90
              --n <tasks>                         tasks in W1/W2 (default 20000)
              --trials <k>                        trials per workload, each on a fresh database and server (default 3)
              --warmup <tasks>                    override the profile's warm-up pass (then every table is emptied)
              --workloads <list>                  w1,w1-stream,w2,w3,ledger-single,ledger-single-client,ledger-batch,warmup-curve
                                                  (and, only when named, w2-limited)
                                                  (default: all); ledger-single sends through a lean HTTP/1.1 load
                                                  generator, ledger-single-client through taskledger-client;
                                                  warmup-curve runs in the headline profile only; deps (only when
                                                  named): the cost per dependency edge (creates with and without
                                                  depends_on, completions releasing children, a fan-in);
                                                  embedded (only when named): W1, W2, W3 through the embedded
                                                  client (no HTTP, no server) on a fresh database per trial
              --concurrency <c>                   W2/W3 worker concurrency (default 10)
              --prefetch <p>                      override the profile's worker prefetch (0 or more)
              --enqueue-batch <b>                 W1 tasks per bulk request, at most 1000 (default 1000)
              --enqueue-clients <k>               override the profile's W1 bulk requests in flight
              --latency-tasks <k> --latency-rate <per-second>   W3 (default 500 at 50/s)
              --ledger-single <k> --ledger-clients <c>         single ledger records (default 20000 by 16 clients)
              --ledger-batch <k> --ledger-batch-size <b> --ledger-batch-clients <c>
                                                  batch ledger records (default 200000 in batches of 5000 by 2 clients)
              --curve-tasks <k> --curve-slice <s> warm-up curve: k tasks created and drained in slices of s on a
                                                  freshly started server (default 60000 in slices of 2000)
            optional large workloads (PostgreSQL; off unless given):
              --history-tasks <k>                 scale: load k finished tasks (3 events each, results) by SQL, then
                                                  W1/W2/W3 again, with the claim statement's plan before and after
              --soak-minutes <m> --soak-rate <per-second> [--soak-sample-seconds <s>]
                                                  soak: create + drain at a fixed rate (default 1000/s) with retention
                                                  on, sampling relation sizes and dead tuples (default every 30 s)
              --ledger-entries <k> [--reconcile-items <r>]
                                                  ledger scale: load k entries by SQL, time a reconcile of r expected
                                                  items (default k/10) and a full export (server peak RSS)
            server and output:
              --in-process                        run the server in this JVM (default: a separate process)
              --server-jar <path>                 the server's fat jar (default taskledger-server/target/taskledger-server.jar)
              --server-jvm <option>               a JVM option for the server process; repeatable
              --server-env <KEY=VALUE>            an environment setting for the server; repeatable (wins over the
                                                  benchmark's own, e.g. the soak's retention settings)
              --keep                              keep each trial's schema / SQLite file
              --out <file>                        also write the markdown report to this file
              --charts <dir>                      write PNG charts (W3 latency histograms, warm-up curve, soak) and
                                                  the soak CSV into this directory
            """;

    static BenchConfig parse(String[] args) {
        List<String> dbs = new ArrayList<>();
        Set<String> workloads = new LinkedHashSet<>(ALL);
        List<String> jvm = new ArrayList<>();
        Map<String, String> serverEnv = new LinkedHashMap<>();
        Integer warmUp = null, enqueueClients = null, prefetch = null;
        String profile = "both";
        int n = 20_000, trials = 3, concurrency = 10, batch = 1_000, latency = 500, rate = 50;
        int single = 20_000, ledgerClients = 16, ledgerBatch = 200_000, ledgerBatchSize = 5_000, ledgerBatchClients = 2;
        int curveTasks = 60_000, curveSlice = 2_000;
        int history = 0, soakRate = 1_000, soakMinutes = 0, soakSample = 30, ledgerEntries = 0;
        Integer reconcile = null;
        boolean inProcess = false, keep = false;
        Path jar = Path.of("taskledger-server/target/taskledger-server.jar");
        Path out = null, charts = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--db" -> dbs.add(value(args, ++i, a));
                case "--profile" -> {
                    profile = value(args, ++i, a).toLowerCase(Locale.ROOT);
                    if (!List.of(Profile.HEADLINE, Profile.TUNED, "both").contains(profile)) {
                        throw new IllegalArgumentException("--profile must be headline, tuned or both, got '" + profile + "'");
                    }
                }
                case "--n" -> n = number(args, ++i, a);
                case "--trials" -> trials = number(args, ++i, a);
                case "--warmup" -> warmUp = count(args, ++i, a);
                case "--workloads" -> {
                    workloads.clear();
                    for (String w : value(args, ++i, a).toLowerCase(Locale.ROOT).split(",")) {
                        if (!KNOWN.contains(w.trim()) && !w.trim().equals(W2_LIMITED)) {
                            throw new IllegalArgumentException("unknown workload '" + w + "'; known: " + KNOWN + ", " + W2_LIMITED);
                        }
                        workloads.add(w.trim());
                    }
                }
                case "--concurrency" -> concurrency = number(args, ++i, a);
                case "--prefetch" -> prefetch = count(args, ++i, a);
                case "--enqueue-batch" -> batch = Math.min(1_000, number(args, ++i, a));
                case "--enqueue-clients" -> enqueueClients = number(args, ++i, a);
                case "--latency-tasks" -> latency = number(args, ++i, a);
                case "--latency-rate" -> rate = number(args, ++i, a);
                case "--ledger-single" -> single = number(args, ++i, a);
                case "--ledger-clients" -> ledgerClients = number(args, ++i, a);
                case "--ledger-batch" -> ledgerBatch = number(args, ++i, a);
                case "--ledger-batch-size" -> ledgerBatchSize = number(args, ++i, a);
                case "--ledger-batch-clients" -> ledgerBatchClients = number(args, ++i, a);
                case "--curve-tasks" -> curveTasks = number(args, ++i, a);
                case "--curve-slice" -> curveSlice = number(args, ++i, a);
                case "--history-tasks" -> history = count(args, ++i, a);
                case "--soak-rate" -> soakRate = number(args, ++i, a);
                case "--soak-minutes" -> soakMinutes = count(args, ++i, a);
                case "--soak-sample-seconds" -> soakSample = number(args, ++i, a);
                case "--ledger-entries" -> ledgerEntries = count(args, ++i, a);
                case "--reconcile-items" -> reconcile = number(args, ++i, a);
                case "--in-process" -> inProcess = true;
                case "--server-jar" -> jar = Path.of(value(args, ++i, a));
                case "--server-jvm" -> jvm.add(value(args, ++i, a));
                case "--server-env" -> {
                    String v = value(args, ++i, a);
                    int eq = v.indexOf('=');
                    if (eq < 1) {
                        throw new IllegalArgumentException("--server-env needs KEY=VALUE, got '" + v + "'");
                    }
                    serverEnv.put(v.substring(0, eq), v.substring(eq + 1));
                }
                case "--keep" -> keep = true;
                case "--out" -> out = Path.of(value(args, ++i, a));
                case "--charts" -> charts = Path.of(value(args, ++i, a));
                default -> throw new IllegalArgumentException("unknown option '" + a + "'");
            }
        }
        if (dbs.isEmpty()) {
            dbs.addAll(List.of("sqlite", "postgresql"));
        }
        if (curveSlice > curveTasks) {
            throw new IllegalArgumentException("--curve-slice must not exceed --curve-tasks");
        }
        List<Profile> profiles = new ArrayList<>();
        if (!profile.equals(Profile.TUNED)) {
            profiles.add(Profile.headline());
        }
        if (!profile.equals(Profile.HEADLINE)) {
            profiles.add(Profile.tuned(n));
        }
        for (int k = 0; k < profiles.size(); k++) {
            Profile p = profiles.get(k);
            p = warmUp == null ? p : p.withWarmUp(warmUp);
            p = enqueueClients == null ? p : p.withEnqueueClients(enqueueClients);
            p = prefetch == null ? p : p.withPrefetch(prefetch);
            profiles.set(k, p);
        }
        Scale scale = new Scale(history, soakRate, soakMinutes, soakSample, ledgerEntries,
                reconcile != null ? reconcile : Math.max(1, ledgerEntries / 10));
        return new BenchConfig(List.copyOf(dbs), List.copyOf(profiles), n, trials, workloads, concurrency, batch, latency, rate,
                single, ledgerClients, ledgerBatch, ledgerBatchSize, ledgerBatchClients, curveTasks, curveSlice, scale,
                inProcess, jar, List.copyOf(jvm), Map.copyOf(serverEnv), keep, out, charts);
    }

    /**
     * The sizes of {@code profile}'s warm-up pass: every workload runs once, briefly, so the server's JIT compiles
     * the paths the measured run takes (as in a server that has been up for a while).
     */
    BenchConfig warmUpRun(Profile profile) {
        int warm = profile.warmUp();
        return new BenchConfig(databases, List.of(profile.withWarmUp(0)), warm, 1, workloads, workerConcurrency, enqueueBatch,
                Math.min(2_000, Math.max(latencyTasks, warm / 10)), Math.max(latencyRate, 500), Math.min(ledgerSingle, warm),
                ledgerClients, Math.min(ledgerBatchRecords, 5 * warm), ledgerBatchSize, ledgerBatchClients, curveTasks,
                curveSlice, scale, inProcess, serverJar, serverJvmOptions, serverEnv, keepData, out, charts);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    /** A whole number of at least 1. */
    private static int number(String[] args, int i, String option) {
        int v = count(args, i, option);
        if (v < 1) {
            throw new IllegalArgumentException(option + " must be at least 1");
        }
        return v;
    }

    /** A whole number of at least 0. */
    private static int count(String[] args, int i, String option) {
        try {
            int v = Integer.parseInt(value(args, i, option).replace("_", "").replace(",", ""));
            if (v < 0) {
                throw new IllegalArgumentException(option + " must not be negative");
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a whole number, got '" + args[i] + "'");
        }
    }
}
