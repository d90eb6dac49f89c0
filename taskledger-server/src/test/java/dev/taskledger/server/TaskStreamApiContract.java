package dev.taskledger.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** {@code POST /api/v1/tasks/stream}: NDJSON in, ids out, all or nothing, errors naming the line; on every backend. */
abstract class TaskStreamApiContract extends ApiTestBase {
    private static final String PATH = "/api/v1/tasks/stream";

    private Reply stream(String body, String... headers) {
        return api.postTyped(PATH, "application/x-ndjson", body, headers);
    }

    private int count(String type) {
        return api.get("/api/v1/tasks?type=" + type).expect(200).path("tasks").size();
    }

    @Test
    void stream_createsEveryLineInOrder_skipsBlankLines_andAnIdempotencyKeyHeaderMakesARepeatAReplay() {
        String type = newType();
        String body = "{\"type\":\"" + type + "\",\"payload\":1}\r\n\n  \n{\"type\":\"" + type + "\",\"payload\":2}\n"
                + "{\"type\":\"" + type + "\",\"payload\":3}"; // no newline after the last line
        Reply first = stream(body, "Idempotency-Key", "s-" + type, "Prefer", "return=minimal");
        JsonNode created = first.expect(201);

        assertThat(first.header("Preference-Applied")).isEqualTo("return=minimal");
        assertThat(created.path("tasks")).hasSize(3).allSatisfy(t -> {
            assertThat(t.path("created").asBoolean()).isTrue();
            assertThat(t.fieldNames()).toIterable().containsExactly("id", "created");
        });
        List<String> ids = created.path("tasks").findValuesAsText("id");
        assertThat(ids.stream().map(id -> api.get("/api/v1/tasks/" + id).expect(200).path("payload").asInt())).containsExactly(1, 2, 3);
        assertThat(ids).allSatisfy(id -> assertThat(api.get("/api/v1/tasks/" + id + "/events").expect(200).path("events"))
                .extracting(e -> e.path("status").asText()).containsExactly("pending"));

        Reply again = stream(body, "Idempotency-Key", "s-" + type);
        assertThat(again.expect(200).path("tasks")).extracting(t -> t.path("id").asText(), t -> t.path("created").asBoolean())
                .containsExactly(tuple(ids.get(0), false), tuple(ids.get(1), false), tuple(ids.get(2), false));
        assertThat(again.header("Preference-Applied")).isNull();
        assertThat(count(type)).isEqualTo(3);
    }

    /**
     * The body is received before the transaction starts: while a client is still sending a stream, other writes go
     * on (on SQLite a transaction opened for the stream would hold the write lock, and this create would wait).
     */
    @Test
    void aSlowStream_holdsNoTransactionWhileItsBodyArrives() {
        String type = newType();
        try (RawConnection slow = RawConnection.connect(app.port()).startNdjson(PATH, "{\"type\":\"" + type + "\"}\n")) {
            long started = System.nanoTime();
            api.post("/api/v1/tasks", "{\"type\":\"" + type + "\"}").expect(201);
            assertThat(java.time.Duration.ofNanos(System.nanoTime() - started)).isLessThan(java.time.Duration.ofSeconds(5));
            assertThat(count(type)).isEqualTo(1); // the stream's first line is not written yet

            Reply answer = slow.chunk("{\"type\":\"" + type + "\"}\n").chunk("").read();
            assertThat(answer.status()).isEqualTo(201);
            assertThat(count(type)).isEqualTo(3);
        }
    }

    @Test
    void aBadLine_isAProblemNamingItsLine_andNothingIsWritten() {
        String type = newType();
        String good = "{\"type\":\"" + type + "\"}\n";

        assertThat(stream(good + "\n" + good + "{\"type\":\"" + type + "\",\n").expectProblem(400).path("detail").asText())
                .startsWith("line 4 is not valid JSON");
        assertThat(stream(good + "{\"type\":\"" + type + "\",\"priority\":\"x\"}\n").expectProblem(422).path("detail").asText())
                .isEqualTo("line 2: priority must be a whole number");
        assertThat(stream(good + good + "{\"type\":\"" + type + "\",\"priority\":70000}\n").expectProblem(422)
                .path("detail").asText()).startsWith("line 3: priority");
        assertThat(stream(good + "{\"payload\":1}\n").expectProblem(422).path("detail").asText())
                .startsWith("line 2: type is required");
        assertThat(stream(good + "[1]\n").expectProblem(400).path("detail").asText()).startsWith("line 2 must be an object");
        assertThat(stream(good + "{\"type\":\"" + type + "\",\"depends_on\":[\"00000000-0000-7000-8000-000000000000\"]}")
                .expectProblem(422).path("detail").asText()).startsWith("line 2: depends_on");
        assertThat(stream("\n \n").expectProblem(422).path("detail").asText()).contains("at least one task");
        assertThat(count(type)).isZero();
    }

    @Test
    void aLineLongerThanABatchBody_is413NamingTheLine() {
        String type = newType();
        String big = "{\"type\":\"" + type + "\",\"payload\":\"" + "x".repeat(1 << 20) + "\"}\n";

        assertThat(stream("{\"type\":\"" + type + "\"}\n" + big).expectProblem(413).path("detail").asText()).startsWith("line 2 is longer");
        assertThat(count(type)).isZero();
    }

    @Test
    void aJsonLabel_is415() {
        api.postTyped(PATH, "application/json", "{\"type\":\"x\"}").expectProblem(415);
    }
}
