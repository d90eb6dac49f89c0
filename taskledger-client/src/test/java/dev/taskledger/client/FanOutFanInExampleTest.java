package dev.taskledger.client;

import dev.taskledger.client.example.FanOutFanInExample;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The fan-out/fan-in example runs as written against a real server: 1 root → 1,000 children → 1 join. */
class FanOutFanInExampleTest {
    @Test
    void theJoinAddsUpTheResultsOfAllItsParents() throws Exception {
        try (TestServer server = TestServer.start()) {
            long n = 1_000;
            long sum = FanOutFanInExample.run(server.acme(), (int) n);

            assertThat(sum).isEqualTo(n * (n + 1) * (2 * n + 1) / 6);
        }
    }
}
