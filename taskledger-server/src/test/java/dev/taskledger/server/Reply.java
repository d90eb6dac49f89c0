package dev.taskledger.server;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskledger.protocol.Json;
import dev.taskledger.protocol.ProblemType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/** An HTTP response as tests see it, with assertions that show the body when the status is not the expected one. */
record Reply(String request, int status, HttpHeaders headers, String body) {
    /** Reads numbers exactly (2.50 stays 2.50, long fractions keep every digit), so tests see what was sent. */
    private static final ObjectMapper EXACT = Json.newMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    /** Parses JSON text the way {@link #json()} does, for expected values. */
    static JsonNode tree(String json) {
        try {
            return EXACT.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + json, e);
        }
    }

    JsonNode json() {
        try {
            return EXACT.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + body, e);
        }
    }

    String header(String name) {
        return headers.firstValue(name).orElse(null);
    }

    /** Asserts the status and returns the JSON body. */
    JsonNode expect(int expected) {
        assertThat(status).as("%s answered %s", request, body).isEqualTo(expected);
        return body.isEmpty() ? null : json();
    }

    /** Asserts an RFC 9457 problem with this status and returns it. */
    JsonNode expectProblem(int expected) {
        JsonNode problem = expect(expected);
        assertThat(header("Content-Type")).as("content type of %s", request).startsWith("application/problem+json");
        assertThat(problem.path("status").asInt()).isEqualTo(expected);
        assertThat(problem.path("type").asText()).startsWith("urn:taskledger:problem:");
        assertThat(problem.path("title").asText()).isNotBlank();
        assertThat(problem.path("detail").asText()).isNotBlank();
        assertThat(body).doesNotContain("\tat ").doesNotContain("Exception");
        return problem;
    }

    /** Asserts an RFC 9457 problem of exactly this type (and its status) and returns it. */
    JsonNode expectProblem(ProblemType type) {
        JsonNode problem = expectProblem(type.status());
        assertThat(problem.path("type").asText()).as("problem type of %s", request).isEqualTo(type.uri());
        assertThat(problem.path("title").asText()).isEqualTo(type.title());
        return problem;
    }
}
