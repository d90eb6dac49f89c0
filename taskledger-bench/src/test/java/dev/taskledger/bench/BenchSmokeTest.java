package dev.taskledger.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Proves the benchmark command works end to end, quickly: N = 200, one trial, SQLite, server in process. */
class BenchSmokeTest {
    @Test
    void aSmallRunPrintsEveryRowOfTheTable() throws Exception {
        BenchConfig config = BenchConfig.parse(new String[] {"--db", "sqlite", "--n", "200", "--trials", "1", "--in-process",
                "--latency-tasks", "20", "--latency-rate", "100", "--ledger-single", "200", "--ledger-clients", "4",
                "--ledger-batch", "2000", "--ledger-batch-size", "500"});

        String table = BenchMain.run(config);

        assertThat(table).contains("warmed up with 600 tasks through every workload, then every table emptied")
                .contains("| backend | workload | time | throughput | target (PostgreSQL) |")
                .contains("| sqlite | W1 enqueue 200 tasks").contains("| sqlite | W2 drain 200 tasks")
                .contains("| sqlite | W3 create→handler start")
                .contains("| sqlite | ledger: 200 single records, 4 concurrent clients (keep-alive HTTP/1.1 load generator)")
                .contains("| sqlite | ledger: 200 single records, 4 concurrent clients (taskledger-client)")
                .contains("| sqlite | ledger: 2,000 records in batches of 500");
    }
}
