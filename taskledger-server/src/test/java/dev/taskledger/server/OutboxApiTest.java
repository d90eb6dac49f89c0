package dev.taskledger.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskledger.server.config.Config;
import dev.taskledger.server.outbox.Rabbit;
import dev.taskledger.testkit.ExternalDatabases;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The outbox through the real server wiring: on with TASKLEDGER_AMQP_URL, and nothing written without it. */
class OutboxApiTest {

    private static Application start(Backend backend, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(backend.env());
        env.put("PORT", "0");
        env.putAll(extra);
        return Application.start(Config.fromEnv(env));
    }

    @Test
    void theOutboxEndpoint_showsTheBacklog_whileTheBrokerCannotBeReached_toTheAdminKeyOnly() {
        Backend backend = Backend.sqlite();
        // port 1: nothing listens there, so every message stays unsent (the shared broker is not touched)
        try (Application app = start(backend, Map.of("TASKLEDGER_AMQP_URL", "amqp://guest:guest@127.0.0.1:1/%2F",
                "TASKLEDGER_API_KEYS", "acme=acme-key", "TASKLEDGER_ADMIN_KEY", "root-key"))) {
            Api api = new Api(URI.create("http://127.0.0.1:" + app.port()), Map.of());
            api.withKey("acme-key").post("/api/v1/tasks", "{\"type\":\"invoice.pdf\"}").expect(201);
            api.withKey("acme-key").post("/api/v1/tasks", "{\"type\":\"invoice.pdf\"}").expect(201);

            JsonNode lag = api.withKey("root-key").get("/api/v1/outbox").expect(200);
            assertThat(lag.path("enabled").asBoolean()).isTrue();
            assertThat(lag.path("unsent").asLong()).isEqualTo(2);
            assertThat(lag.path("oldest_age_seconds").asDouble()).isGreaterThanOrEqualTo(0);
            api.withKey("acme-key").get("/api/v1/outbox").expectProblem(403);
        } finally {
            backend.cleanup();
        }
    }

    @Test
    void withoutAnAmqpUrl_theOutboxEndpointSaysPublishingIsOff() {
        Backend backend = Backend.sqlite();
        try (Application app = start(backend, Map.of())) {
            Api api = new Api(URI.create("http://127.0.0.1:" + app.port()), Map.of());
            assertThat(api.get("/api/v1/outbox").expect(200).path("enabled").asBoolean()).isFalse();
        } finally {
            backend.cleanup();
        }
    }

    @Test
    void withAnAmqpUrl_everyTaskChangeIsPublishedPromptly_withItsEventIdAsMessageId() throws Exception {
        String amqp = ExternalDatabases.amqpUrl();
        Backend backend = Backend.sqlite();
        try (Rabbit rabbit = new Rabbit(amqp);
             Application app = start(backend, Map.of("TASKLEDGER_AMQP_URL", amqp, "TASKLEDGER_AMQP_EXCHANGE", rabbit.exchange))) {
            Api api = new Api(URI.create("http://127.0.0.1:" + app.port()), Map.of());
            long started = System.nanoTime();
            JsonNode task = api.post("/api/v1/tasks", "{\"type\":\"invoice.pdf\",\"payload\":{\"n\":1}}").expect(201);
            String path = "/api/v1/tasks/" + task.path("id").asText();
            List<Rabbit.Delivered> first = rabbit.awaitReceived(Duration.ofSeconds(10), r -> !r.isEmpty());
            long firstMs = (System.nanoTime() - started) / 1_000_000;
            JsonNode claimed = api.post("/api/v1/tasks/claim", "{\"types\":[\"invoice.pdf\"],\"worker\":\"w\"}").expect(200)
                    .path("tasks").get(0);
            api.post(path + "/complete", "{\"result\":{\"ok\":true},\"lease_token\":\"" + claimed.path("lease_token").asText() + "\"}")
                    .expect(200);
            List<String> eventIds = new ArrayList<>();
            api.get(path + "/events").expect(200).path("events").forEach(e -> eventIds.add(0, e.path("id").asText()));

            List<Rabbit.Delivered> received = rabbit.awaitReceived(Duration.ofSeconds(10), r -> r.size() >= 3);

            assertThat(first).isNotEmpty();
            assertThat(received).extracting(Rabbit.Delivered::messageId).containsExactlyElementsOf(eventIds);
            assertThat(received).extracting(Rabbit.Delivered::routingKey)
                    .containsExactly("task.invoice_pdf.pending", "task.invoice_pdf.processing", "task.invoice_pdf.completed");
            assertThat(Reply.tree(received.get(2).body()).path("task_id").asText()).isEqualTo(task.path("id").asText());
            String metrics = api.get("/metrics").body();
            assertThat(metrics).contains("taskledger_outbox_relay_leader 1.0").contains("taskledger_outbox_published_total 3.0");
            System.err.println("OutboxApiTest: first message arrived " + firstMs + " ms after the create request was sent");
        } finally {
            backend.cleanup();
        }
    }

    @Test
    void withoutAnAmqpUrl_nothingIsWrittenToTheOutbox() {
        Backend backend = Backend.sqlite();
        try (Application app = start(backend, Map.of())) {
            Api api = new Api(URI.create("http://127.0.0.1:" + app.port()), Map.of());
            for (int i = 0; i < 3; i++) {
                api.post("/api/v1/tasks", "{\"type\":\"quiet\"}").expect(201);
            }
            api.post("/api/v1/tasks/claim", "{\"types\":[\"quiet\"],\"worker\":\"w\"}").expect(200);

            assertThat(app.store().inTransaction(tx -> tx.outbox().lag()).unsent()).isZero();
            assertThat(api.get("/metrics").body()).doesNotContain("taskledger_outbox_relay_leader");
        } finally {
            backend.cleanup();
        }
    }
}
