package dev.taskledger.embedded;

import dev.taskledger.client.NewTask;
import dev.taskledger.client.TaskledgerClient;
import dev.taskledger.client.Worker;
import dev.taskledger.protocol.TaskDto;
import dev.taskledger.server.Application;
import dev.taskledger.server.config.Config;
import dev.taskledger.store.jdbc.JdbcSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An HTTP server and an embedded node on the same PostgreSQL schema are peers: a task created over HTTP is claimed and
 * completed in process and reads back over HTTP exactly as the embedded client reads it, events included; a create in
 * process wakes a long-polling claim on the server (LISTEN/NOTIFY). Skipped, saying why, without a test PostgreSQL.
 */
class HttpAndEmbeddedInteropTest {
    private static JdbcSettings db;
    private static Application server;
    private static EmbeddedTaskledger node;
    private static TaskledgerClient http;
    private static TaskledgerClient embedded;

    @BeforeAll
    static void start() {
        db = Databases.postgres();
        // the embedded node first: it migrates the schema, and the server finds it up to date (the same migrations)
        node = EmbeddedTaskledger.builder().jdbc(db).settings(Databases.FAST).start();
        server = Application.start(Config.fromEnv(Map.of("TASKLEDGER_DB_URL", db.url(), "TASKLEDGER_DB_SCHEMA", db.schema(),
                "HOST", "127.0.0.1", "PORT", "0", "TASKLEDGER_LEASE_CHECK_MS", "100", "TASKLEDGER_POLL_MS", "100")));
        http = TaskledgerClient.builder().baseUrl("http://127.0.0.1:" + server.port()).requestTimeout(Duration.ofSeconds(20)).build();
        embedded = node.client();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (node != null) {
            node.close();
        }
        Databases.dropPostgres(db);
    }

    @Test
    void createdOverHttp_completedInProcess_readsTheSameOverHttp_eventsIncluded() {
        String type = ClientContract.newType();
        TaskDto created = http.create(NewTask.of(type).payload(Map.of("to", "a@example.org")).build());

        TaskDto claimed = embedded.claim(List.of(type), 1, "embedded-worker", 30, Duration.ofSeconds(5)).getFirst();
        assertThat(claimed.id()).isEqualTo(created.id());
        embedded.complete(claimed.id(), claimed.leaseToken(), Map.of("sent", true));

        TaskDto overHttp = http.get(created.id());
        assertThat(overHttp.status()).isEqualTo("completed");
        assertThat(overHttp.worker()).isEqualTo("embedded-worker");
        assertThat(overHttp).isEqualTo(embedded.get(created.id()));
        assertThat(http.result(created.id())).isEqualTo(embedded.result(created.id()));
        assertThat(http.events(created.id())).hasSize(3).isEqualTo(embedded.events(created.id()));
    }

    @Test
    void createdInProcess_wakesALongPollingClaimOnTheServer() throws Exception {
        String type = ClientContract.newType();
        CompletableFuture<List<TaskDto>> waiting = CompletableFuture.supplyAsync(
                () -> http.claim(List.of(type), 1, "http-worker", 30, Duration.ofSeconds(20)));
        Thread.sleep(500); // let the claim start waiting: the assertion below holds however long that takes
        TaskDto task = embedded.create(NewTask.of(type).build());
        assertThat(waiting.get(20, TimeUnit.SECONDS)).extracting(TaskDto::id).containsExactly(task.id());
    }

    @Test
    void anEmbeddedWorker_andTheHttpServer_shareOneQueue() {
        String type = ClientContract.newType();
        http.createBatch(IntStream.range(0, 40).mapToObj(i -> NewTask.of(type).build()).toList());
        try (Worker worker = Worker.builder(embedded).types(type).concurrency(4).pollWait(Duration.ofSeconds(1))
                .handler(task -> task.id()).build()) {
            worker.start();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    http.list(dev.taskledger.client.TaskFilter.status("completed").withType(type).withLimit(100), null).tasks())
                    .hasSize(40));
        }
    }
}
