package dev.taskledger.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What one benchmark run does, from the command line ({@link #parse}); {@link #USAGE} lists the options.
 *
 * @param databases     {@code sqlite}, {@code postgresql} (the local test database) or JDBC URLs, one table block each
 * @param inProcess     run the server inside the benchmark JVM instead of as a separate process
 * @param warmUp        tasks of the warm-up pass each trial runs before measuring (0: measure a cold server)
 */
record BenchConfig(List<String> databases, int tasks, int trials, int warmUp, Set<String> workloads, int workerConcurrency,
                   int workerPrefetch,
                   int enqueueBatch, int enqueueClients, int latencyTasks, int latencyRate, int ledgerSingle,
                   int ledgerClients, int ledgerBatchRecords, int ledgerBatchSize, int ledgerBatchClients,
                   boolean inProcess, Path serverJar, List<String> serverJvmOptions, boolean keepData, Path out) {

    static final String POSTGRES_DEFAULT = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
    static final List<String> ALL = List.of("w1", "w2", "w3", "ledger-single", "ledger-single-client", "ledger-batch");

    static final String USAGE = """
            usage: java -jar taskledger-bench/target/taskledger-bench.jar [options]
              --db <sqlite|postgresql|jdbc-url>   backend; repeat for several (default: sqlite and postgresql)
              --n <tasks>                         tasks in W1/W2 (default 20000)
              --trials <k>                        trials per workload, each on a fresh schema (default 3)
              --warmup <tasks>                    warm-up pass before measuring, then every table emptied (default:
                                                  3 x --n; 0 measures a freshly started, cold server)
              --workloads <list>                  w1,w2,w3,ledger-single,ledger-single-client,ledger-batch (default:
                                                  all); ledger-single sends through a lean HTTP/1.1 load generator,
                                                  ledger-single-client through taskledger-client
              --concurrency <c>                   W2/W3 worker concurrency (default 10)
              --prefetch <p>                      W2/W3 worker prefetch: claimed tasks that may wait for a free handler
                                                  slot (default 90, so 100 tasks in the worker; 0 is the Worker's
                                                  own default)
              --enqueue-batch <b>                 W1 tasks per bulk request, at most 1000 (default 1000)
              --enqueue-clients <k>               W1 bulk requests in flight at once (default 4)
              --latency-tasks <k> --latency-rate <per-second>   W3 (default 500 at 50/s)
              --ledger-single <k> --ledger-clients <c>         single ledger records (default 20000 by 16 clients)
              --ledger-batch <k> --ledger-batch-size <b> --ledger-batch-clients <c>
                                                  batch ledger records (default 200000 in batches of 5000 by 2 clients)
              --in-process                        run the server in this JVM (default: a separate process)
              --server-jar <path>                 the server's fat jar (default taskledger-server/target/taskledger-server.jar)
              --server-jvm <option>               a JVM option for the server process; repeatable
              --keep                              keep each trial's schema / SQLite file
              --out <file>                        also write the markdown table to this file
            """;

    static BenchConfig parse(String[] args) {
        List<String> dbs = new ArrayList<>();
        Set<String> workloads = new LinkedHashSet<>(ALL);
        List<String> jvm = new ArrayList<>();
        Integer warmUp = null;
        int n = 20_000, trials = 3, concurrency = 10, prefetch = 90, batch = 1_000, enqueueClients = 4, latency = 500, rate = 50;
        int single = 20_000, ledgerClients = 16, ledgerBatch = 200_000, ledgerBatchSize = 5_000, ledgerBatchClients = 2;
        boolean inProcess = false, keep = false;
        Path jar = Path.of("taskledger-server/target/taskledger-server.jar");
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--db" -> dbs.add(value(args, ++i, a));
                case "--n" -> n = number(args, ++i, a);
                case "--trials" -> trials = number(args, ++i, a);
                case "--warmup" -> {
                    String v = value(args, ++i, a);
                    warmUp = v.equals("0") ? 0 : number(args, i, a);
                }
                case "--workloads" -> {
                    workloads.clear();
                    for (String w : value(args, ++i, a).toLowerCase(Locale.ROOT).split(",")) {
                        if (!ALL.contains(w.trim())) {
                            throw new IllegalArgumentException("unknown workload '" + w + "'; known: " + ALL);
                        }
                        workloads.add(w.trim());
                    }
                }
                case "--concurrency" -> concurrency = number(args, ++i, a);
                case "--prefetch" -> {
                    String v = value(args, ++i, a);
                    prefetch = v.equals("0") ? 0 : number(args, i, a);
                }
                case "--enqueue-batch" -> batch = Math.min(1_000, number(args, ++i, a));
                case "--enqueue-clients" -> enqueueClients = number(args, ++i, a);
                case "--latency-tasks" -> latency = number(args, ++i, a);
                case "--latency-rate" -> rate = number(args, ++i, a);
                case "--ledger-single" -> single = number(args, ++i, a);
                case "--ledger-clients" -> ledgerClients = number(args, ++i, a);
                case "--ledger-batch" -> ledgerBatch = number(args, ++i, a);
                case "--ledger-batch-size" -> ledgerBatchSize = number(args, ++i, a);
                case "--ledger-batch-clients" -> ledgerBatchClients = number(args, ++i, a);
                case "--in-process" -> inProcess = true;
                case "--server-jar" -> jar = Path.of(value(args, ++i, a));
                case "--server-jvm" -> jvm.add(value(args, ++i, a));
                case "--keep" -> keep = true;
                case "--out" -> out = Path.of(value(args, ++i, a));
                default -> throw new IllegalArgumentException("unknown option '" + a + "'");
            }
        }
        if (dbs.isEmpty()) {
            dbs.addAll(List.of("sqlite", "postgresql"));
        }
        return new BenchConfig(List.copyOf(dbs), n, trials, warmUp == null ? 3 * n : warmUp, workloads, concurrency, prefetch, batch, enqueueClients, latency, rate,
                single, ledgerClients, ledgerBatch, ledgerBatchSize, ledgerBatchClients, inProcess, jar, List.copyOf(jvm), keep, out);
    }

    /**
     * The same run scaled to a warm-up of {@link #warmUp} tasks: every workload runs once, briefly, so the server's
     * JIT compiles the paths the measured run takes (as in a server that has been up for a while).
     */
    BenchConfig warmUpRun() {
        return new BenchConfig(databases, warmUp, 1, 0, workloads, workerConcurrency, workerPrefetch, enqueueBatch, enqueueClients,
                Math.min(2_000, Math.max(latencyTasks, warmUp / 10)), Math.max(latencyRate, 500), Math.min(ledgerSingle, warmUp),
                ledgerClients, Math.min(ledgerBatchRecords, 5 * warmUp), ledgerBatchSize, ledgerBatchClients, inProcess,
                serverJar, serverJvmOptions, keepData, out);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static int number(String[] args, int i, String option) {
        try {
            int v = Integer.parseInt(value(args, i, option).replace("_", "").replace(",", ""));
            if (v < 1) {
                throw new IllegalArgumentException(option + " must be at least 1");
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a whole number, got '" + args[i] + "'");
        }
    }
}
