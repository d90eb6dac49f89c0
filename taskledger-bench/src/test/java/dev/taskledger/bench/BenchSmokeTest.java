package dev.taskledger.bench;

import dev.taskledger.client.TaskledgerClient;
import dev.taskledger.client.Worker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proves the benchmark command works end to end, quickly: N = 200, one trial, SQLite, server in process, both
 * profiles, the warm-up curve and charts; and the parts of the PostgreSQL-only workloads that need no database.
 */
class BenchSmokeTest {
    @TempDir
    Path charts;

    @Test
    void aSmallRunPrintsBothProfilesWithCpuAndCharts() throws Exception {
        BenchConfig config = BenchConfig.parse(new String[] {"--db", "sqlite", "--n", "200", "--trials", "1", "--in-process",
                "--latency-tasks", "20", "--latency-rate", "100", "--ledger-single", "200", "--ledger-clients", "4",
                "--ledger-batch", "2000", "--ledger-batch-size", "500", "--curve-tasks", "400", "--curve-slice", "200",
                "--charts", charts.toString()});
        assertThat(Worker.builder(TaskledgerClient.builder().baseUrl("http://127.0.0.1:1").build()).prefetch())
                .as("the Worker's default prefetch adapts").isEmpty();

        String report = BenchMain.run(config);

        assertThat(report.indexOf("## Headline profile")).isPositive().isLessThan(report.indexOf("## Tuned profile"));
        String headline = report.substring(report.indexOf("## Headline profile"), report.indexOf("## Tuned profile"));
        String tuned = report.substring(report.indexOf("## Tuned profile"));
        assertThat(headline).contains("a freshly started server, measured without warm-up")
                .contains("| sqlite | W1 enqueue 200 tasks (bulk, 1,000 per request, 1 in flight)")
                .contains("| sqlite | W2 drain 200 tasks (1 worker, concurrency 10, prefetch adaptive, no-op handler)")
                .contains("prefetch adaptive (the Worker's default)")
                .contains("| sqlite | W3 create→handler start")
                .contains("| sqlite | ledger: 200 single records, 4 concurrent clients (keep-alive HTTP/1.1 load generator)")
                .contains("| sqlite | ledger: 200 single records, 4 concurrent clients (taskledger-client)")
                .contains("| sqlite | ledger: 2,000 records in batches of 500")
                .contains("| backend | workload | server (JIT) | benchmark JVM: client + worker (JIT) | database | total |")
                .containsPattern("\\| sqlite \\| W2 \\| in the benchmark JVM \\| [0-9,]+ \\(JIT \\d+%\\) \\| in the server \\| [0-9,]+ \\|")
                .contains("| backend | warm W1 | W1 ≥ 90% of warm from | warm W2 | W2 ≥ 90% of warm from |")
                .containsPattern("\\| 400 \\| [0-9,]+ \\| [0-9,]+ \\|");
        assertThat(tuned).contains("warmed up with 600 tasks through every workload, then every table emptied")
                .contains("| sqlite | W1 enqueue 200 tasks (bulk, 1,000 per request, 4 in flight)")
                .contains("| sqlite | W2 drain 200 tasks (1 worker, concurrency 10, prefetch 90, no-op handler)")
                .contains("| sqlite | W2 | in the benchmark JVM |")
                .doesNotContain("Warm-up curve");
        for (String png : List.of("w3-latency-sqlite-headline-empty.png", "w3-latency-sqlite-tuned-empty.png",
                "warmup-curve-sqlite-headline.png")) {
            assertThat(isPng(charts.resolve(png))).as(png).isTrue();
        }
    }

    @Test
    void theEmbeddedWorkload_measuresW1ToW3ThroughTheEmbeddedClient_asRowsOfTheirOwn() throws Exception {
        BenchConfig config = BenchConfig.parse(new String[] {"--db", "sqlite", "--n", "200", "--trials", "1",
                "--latency-tasks", "20", "--latency-rate", "100", "--workloads", "embedded", "--warmup", "200"});

        String report = BenchMain.run(config);

        for (String profile : List.of("## Headline profile", "## Tuned profile")) {
            assertThat(report).contains(profile);
        }
        assertThat(report).contains("| sqlite | W1 enqueue 200 tasks (bulk, 1,000 per request, 1 in flight) — embedded client (in process, no HTTP)")
                .contains("| sqlite | W2 drain 200 tasks (1 worker, concurrency 10, prefetch adaptive, no-op handler) — embedded client")
                .contains("| sqlite | W3 create→handler start (20 tasks at 100/s, idle worker) — embedded client")
                .containsPattern("\\| sqlite \\| W2 embedded \\| none: in the client's JVM \\| [0-9,]+ \\(JIT \\d+%\\) \\| in the client \\|")
                .doesNotContain("| sqlite | W1 enqueue 200 tasks (bulk, 1,000 per request, 1 in flight) |");
    }

    @Test
    void optionsOverrideBothProfilesAndProfileSelectsOne() {
        BenchConfig both = BenchConfig.parse(new String[] {"--prefetch", "5", "--enqueue-clients", "2", "--warmup", "0"});
        assertThat(both.profiles()).extracting(Profile::name).containsExactly("headline", "tuned");
        assertThat(both.profiles()).allSatisfy(p -> {
            assertThat(p.prefetch()).isEqualTo(5);
            assertThat(p.enqueueClients()).isEqualTo(2);
            assertThat(p.warmUp()).isZero();
        });
        BenchConfig tuned = BenchConfig.parse(new String[] {"--profile", "tuned", "--n", "1000"});
        assertThat(tuned.profiles()).containsExactly(new Profile("tuned", 3_000, 4, 90));
        assertThat(BenchConfig.parse(new String[] {"--profile", "headline"}).profiles()).containsExactly(new Profile("headline", 0, 1, null));
    }

    @Test
    void theClaimStatementIsReadFromTheStoreWithEveryParameterGivenAValue() {
        String sql = ClaimPlan.withLiterals(ClaimPlan.statement(), ClaimPlan.literals(10));

        assertThat(sql).startsWith("UPDATE tasks").contains("'" + Workloads.QUEUE_TYPE + "'").doesNotContainPattern(":[a-z_]+");
    }

    @Test
    void theSoakWritesItsSamplesAsCsvAndChart() throws Exception {
        List<Soak.Sample> samples = List.of(
                new Soak.Sample(0, 0, 0, ordered("tasks_total_bytes", 65_536L, "tasks_dead_tuples", 0L)),
                new Soak.Sample(30, 1_500, 1_490, ordered("tasks_total_bytes", 1_048_576L, "tasks_dead_tuples", 2_980L,
                        "index_idx_tasks_ready_bytes", 16_384L)));

        Soak.writeCsv(charts.resolve("soak.csv"), samples);
        Path png = Charts.soak(charts, "soak.png", "soak", samples);

        assertThat(Files.readAllLines(charts.resolve("soak.csv"))).containsExactly(
                "seconds,created,completed,tasks_total_bytes,tasks_dead_tuples,index_idx_tasks_ready_bytes",
                "0.0,0,0,65536,0,", "30.0,1500,1490,1048576,2980,16384");
        assertThat(isPng(png)).isTrue();
    }

    private static Map<String, Long> ordered(Object... keysAndValues) {
        Map<String, Long> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], (Long) keysAndValues[i + 1]);
        }
        return map;
    }

    private static boolean isPng(Path file) throws Exception {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        byte[] head = Files.readAllBytes(file);
        return head.length > 1_000 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G';
    }
}
