package dev.taskledger.client;

import dev.taskledger.client.example.ExampleWorker;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The example in the docs runs as written against a real server. */
class ExampleWorkerTest {
    @Test
    void theExampleCreatesAndProcessesItsTasks() throws Exception {
        try (TestServer server = TestServer.start()) {
            ExampleWorker.main(new String[] {server.baseUrl(), TestServer.ACME_KEY});

            TaskledgerClient client = server.acme();
            assertThat(client.listAll(TaskFilter.status("completed").withType("email"))).hasSize(5);
            assertThat(client.ledger().get("changeToken", "ark:/28722/bk0003d9n5m")).get()
                    .satisfies(e -> assertThat(e.retries()).isEqualTo(1));
        }
    }
}
