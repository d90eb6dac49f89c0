package dev.taskledger.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskledger.protocol.Json;
import dev.taskledger.protocol.ProblemType;
import dev.taskledger.server.RawHttp;
import dev.taskledger.server.config.Config;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Errors answered outside the route handlers (Jetty's own: a bad request line, a URI or headers too large; a
 * body that stops arriving; a Java Error) are problem+json with a request id like every other error. The server runs with a
 * one-second idle timeout, so a stalled body is cut off quickly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JettyLevelErrorsTest {
    private HttpServer server;

    @BeforeAll
    void start() {
        RouteGroup echo = routes -> {
            routes.post("/echo", ctx -> Responses.json(ctx, 200, JsonBodies.read(ctx, Map.class, null)));
            routes.get("/fatal", ctx -> {
                throw new StackOverflowError("a bug that is an Error, not an Exception");
            });
        };
        server = new HttpServer("127.0.0.1", 0, new Authenticator(Config.fromEnv(Map.of())), new RequestFilter(null), List.of(echo),
                1_000);
        server.start();
    }

    @AfterAll
    void stop() {
        server.stop();
    }

    /** Asserts a problem of {@code type} whose {@code request_id} is the {@code X-Request-Id} header; returns it. */
    private static JsonNode problem(RawHttp.Response response, ProblemType type) {
        assertThat(response.status()).as(response.body()).isEqualTo(type.status());
        assertThat(response.header("Content-Type")).startsWith(Json.PROBLEM_CONTENT_TYPE);
        JsonNode problem;
        try {
            problem = Json.mapper().readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(problem.path("type").asText()).isEqualTo(type.uri());
        assertThat(response.header("X-Request-Id")).isNotBlank();
        assertThat(problem.path("request_id").asText()).isEqualTo(response.header("X-Request-Id"));
        return problem;
    }

    private RawHttp.Response get(String target, String... headers) {
        return RawHttp.send(server.port(), RawHttp.request("GET", target.getBytes(StandardCharsets.ISO_8859_1), headers));
    }

    @Test
    void aBadRequestLine_aUriTooLong_andHeadersTooLarge_areProblemsWithARequestId() {
        problem(get("/%00"), ProblemType.BAD_REQUEST);
        problem(get("/echo?x=" + "a".repeat(20_000)), ProblemType.URI_TOO_LONG);
        problem(get("/echo", "X-Big: " + "b".repeat(20_000)), ProblemType.HEADERS_TOO_LARGE);
    }

    @Test
    void anErrorInAHandler_is500ProblemWithItsRequestId() {
        assertThat(problem(get("/fatal", "X-Request-Id: fatal-1"), ProblemType.INTERNAL).path("request_id").asText()).isEqualTo("fatal-1");
    }

    @Test
    void aBodyThatStopsArriving_is408ProblemWithARequestId() {
        byte[] head = RawHttp.request("POST", "/echo".getBytes(StandardCharsets.US_ASCII), "Content-Type: application/json",
                "Content-Length: 100", "X-Request-Id: stalled-1");
        byte[] request = new byte[head.length + 5];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy("{\"a\":".getBytes(StandardCharsets.US_ASCII), 0, request, head.length, 5);

        JsonNode problem = problem(RawHttp.send(server.port(), request), ProblemType.REQUEST_TIMEOUT);
        assertThat(problem.path("request_id").asText()).isEqualTo("stalled-1");
    }
}
