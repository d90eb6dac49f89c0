package dev.taskledger.server.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskledger.protocol.Json;
import dev.taskledger.server.Backend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** One real server per test class (on the subclass's {@link Backend}) and the assertions the ledger tests share. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LedgerHttpTestSupport {
    protected LedgerTestServer server;

    protected abstract Backend newBackend();

    @BeforeAll
    void startTheServer() {
        server = LedgerTestServer.on(newBackend());
    }

    @AfterAll
    void stopTheServer() {
        if (server != null) {
            server.close();
        }
    }

    /** A task name no other test uses. */
    static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return Json.mapper().readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON (" + response.statusCode() + "): " + response.body(), e);
        }
    }

    /** Asserts a JSON success response with {@code status} and returns its body. */
    static JsonNode ok(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as("status of %s", response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        return json(response);
    }

    /** Asserts a problem+json error with {@code status} whose detail contains {@code detailPart}. */
    static JsonNode problem(HttpResponse<String> response, int status, String detailPart) {
        assertThat(response.statusCode()).as("status of %s", response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode body = json(response);
        assertThat(body.path("status").asInt()).isEqualTo(status);
        assertThat(body.path("title").asText()).isNotEmpty();
        assertThat(body.path("detail").asText()).contains(detailPart);
        return body;
    }
}
