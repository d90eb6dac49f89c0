package dev.taskledger.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskledger.protocol.ProblemType;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Input a backend cannot store exactly is refused before anything is written, with a 4xx naming the field, never a
 * 500 or a silently changed value (issue 14, items 3, 4, 10, 11, 12); once per backend.
 */
abstract class InputValidationContract extends ApiTestBase {
    /** JSON text of a string with an unpaired surrogate, as a client sends it: {@code "\udc00x"}. */
    private static final String LONE = "\"\\udc00x\"";

    private static String nested(int depth) {
        return "[".repeat(depth) + "1" + "]".repeat(depth);
    }

    /** Every task of tenant acme, whatever its status. */
    private long taskCount() {
        long total = 0;
        for (JsonNode n : api.get("/api/v1/stats").expect(200).path("by_status")) {
            total += n.asLong();
        }
        return total;
    }

    /** Text (as UTF-8) and raw byte values, concatenated. */
    static byte[] bytes(Object... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (Object part : parts) {
            if (part instanceof String text) {
                out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
            } else {
                out.write((Integer) part);
            }
        }
        return out.toByteArray();
    }

    private Reply postBytes(String path, byte[] body) {
        return api.send("POST", path, HttpRequest.BodyPublishers.ofByteArray(body), "Content-Type", "application/json");
    }

    @Test
    void aLoneSurrogateInACreate_is422AndNothingIsStored() {
        String type = newType();
        long before = taskCount();

        // the reproduction: committed with payload {"k":"?x"}, then answered 500
        assertThat(api.post("/api/v1/tasks", "{\"type\":\"" + type + "\",\"payload\":{\"k\":" + LONE + "}}")
                .expectProblem(ProblemType.INVALID_VALUE).path("detail").asText()).startsWith("payload ");
        // in a member name Jackson itself refuses an unpaired surrogate: not JSON it reads
        api.post("/api/v1/tasks", "{\"type\":\"" + type + "\",\"payload\":{\"\\udc00\":1}}").expectProblem(ProblemType.MALFORMED_JSON);
        api.post("/api/v1/tasks", "{\"type\":\"" + type + "\",\"payload\":{\"\\ud800\":1}}").expectProblem(ProblemType.MALFORMED_JSON);
        api.post("/api/v1/tasks", "{\"type\":\"" + type + "\",\"tags\":{\"\\udc00\":\"v\"}}").expectProblem(ProblemType.MALFORMED_JSON);
        assertThat(api.post("/api/v1/tasks", "{\"type\":\"t\\udc00\"}").expectProblem(ProblemType.INVALID_VALUE)
                .path("detail").asText()).startsWith("type ");
        api.post("/api/v1/tasks", "{\"type\":\"" + type + "\",\"metadata\":{\"m\":" + LONE + "}}").expectProblem(ProblemType.INVALID_VALUE);
        api.post("/api/v1/tasks", "{\"type\":\"" + type + "\",\"tags\":{\"k\":" + LONE + "}}").expectProblem(ProblemType.INVALID_VALUE);
        api.post("/api/v1/tasks", "{\"type\":\"" + type + "\",\"idempotency_key\":" + LONE + "}").expectProblem(ProblemType.INVALID_VALUE);
        api.post("/api/v1/tasks", "{\"task_type\":\"" + type + "\",\"request\":{\"text\":" + LONE + "}}").expectProblem(ProblemType.INVALID_VALUE);
        assertThat(api.post("/api/v1/tasks/batch", "{\"tasks\":[{\"type\":\"" + type + "\"},{\"type\":\"" + type + "\",\"payload\":"
                + LONE + "}]}").expectProblem(ProblemType.INVALID_VALUE).path("detail").asText()).startsWith("tasks[1].payload");

        assertThat(taskCount()).isEqualTo(before);
        // a surrogate pair is text like any other
        JsonNode ok = create(type, "\"payload\":{\"k\":\"\\ud83d\\ude00\"}");
        assertThat(ok.path("payload").path("k").asText()).isEqualTo("\uD83D\uDE00");
        assertThat(api.get(taskPath(ok)).expect(200).path("payload").path("k").asText()).isEqualTo("\uD83D\uDE00");
    }

    @Test
    void aLoneSurrogateInAnUpdateOrAWorkerCall_is422AndTheTaskIsUnchanged() {
        String type = newType();
        JsonNode pending = create(type, "");
        api.patch(taskPath(pending), "{\"state\":" + LONE + "}").expectProblem(ProblemType.INVALID_VALUE);
        api.patch(taskPath(pending), "{\"metadata\":{\"m\":" + LONE + "}}").expectProblem(ProblemType.INVALID_VALUE);
        api.patch(taskPath(pending), "{\"tags\":{\"t\":" + LONE + "}}").expectProblem(ProblemType.INVALID_VALUE);
        api.post("/api/v1/tasks/claim", "{\"types\":[\"" + type + "\"],\"worker\":" + LONE + "}").expectProblem(ProblemType.INVALID_VALUE);
        assertThat(api.get(taskPath(pending)).expect(200)).isEqualTo(pending);

        JsonNode claimed = claimOne(type, "w1");
        String token = "\"lease_token\":\"" + claimed.path("lease_token").asText() + "\"";
        JsonNode held = api.get(taskPath(claimed)).expect(200);
        api.post(taskPath(claimed) + "/heartbeat", "{" + token + ",\"state\":" + LONE + "}").expectProblem(ProblemType.INVALID_VALUE);
        api.post(taskPath(claimed) + "/heartbeat", "{" + token + ",\"metadata\":{\"m\":" + LONE + "}}").expectProblem(ProblemType.INVALID_VALUE);
        api.post(taskPath(claimed) + "/complete", "{" + token + ",\"result\":{\"r\":" + LONE + "}}").expectProblem(ProblemType.INVALID_VALUE);
        api.post("/api/v1/tasks/complete", "{\"completions\":[{\"id\":\"" + claimed.path("id").asText() + "\"," + token
                + ",\"result\":" + LONE + "}]}").expectProblem(ProblemType.INVALID_VALUE);
        api.post(taskPath(claimed) + "/fail", "{" + token + ",\"error\":" + LONE + "}").expectProblem(ProblemType.INVALID_VALUE);
        api.post(taskPath(claimed) + "/fail", "{" + token + ",\"error\":{\"code\":" + LONE + "}}").expectProblem(ProblemType.INVALID_VALUE);

        assertThat(api.get(taskPath(claimed)).expect(200)).isEqualTo(held);
        api.get(taskPath(claimed) + "/result").expectProblem(ProblemType.NOT_FOUND);
    }

    @Test
    void aLoneSurrogateInALedgerRecord_is422AndNothingIsStored() {
        String name = "sur-" + UUID.randomUUID().toString().substring(0, 8);
        api.post("/api/v1/ledger", "{\"task_name\":\"" + name + "\",\"task_item\":" + LONE + "}").expectProblem(ProblemType.INVALID_VALUE);
        api.post("/api/v1/ledger", "{\"task_name\":\"" + name + "\\udc00\",\"task_item\":\"i\"}").expectProblem(ProblemType.INVALID_VALUE);
        api.post("/api/v1/ledger", "{\"task_name\":\"" + name + "\",\"task_item\":\"i\",\"note\":" + LONE + "}")
                .expectProblem(ProblemType.INVALID_VALUE);
        assertThat(api.post("/api/v1/ledger/batch", "[{\"task_name\":\"" + name + "\",\"task_item\":\"a\"},{\"task_name\":\"" + name
                + "\",\"task_item\":" + LONE + "}]", "Content-Type", "application/json")
                .expectProblem(ProblemType.INVALID_VALUE).path("detail").asText()).startsWith("row 2");
        api.post("/api/v1/ledger/batch", "{\"task_name\":\"" + name + "\",\"task_item\":\"a\",\"note\":" + LONE + "}\n",
                "Content-Type", "application/x-ndjson").expectProblem(ProblemType.INVALID_VALUE);
        api.post("/api/v1/ledger/" + name + "/reconcile", "[" + LONE + "]", "Content-Type", "application/json")
                .expectProblem(ProblemType.INVALID_VALUE);

        assertThat(api.get("/api/v1/ledger?task_name=" + name).expect(200).path("entries")).isEmpty();
    }

    @Test
    void aJsonBodyThatIsNotUtf8_is400_evenAnOverlongFormThatJacksonWouldReadAsASlash() {
        String type = newType();
        // C0 AF: an overlong '/', which Jackson decoded as '/', creating a task of type "<type>/"
        assertThat(postBytes("/api/v1/tasks", bytes("{\"type\":\"" + type, 0xC0, 0xAF, "\"}"))
                .expectProblem(ProblemType.MALFORMED_JSON).path("detail").asText()).contains("UTF-8");
        postBytes("/api/v1/tasks", bytes("{\"type\":\"" + type + "\",\"payload\":\"a", 0xFF, "b\"}")).expectProblem(ProblemType.MALFORMED_JSON);
        postBytes("/api/v1/tasks", bytes("{\"type\":\"" + type, 0xED, 0xA0, 0x80, "\"}")).expectProblem(ProblemType.MALFORMED_JSON);
        postBytes("/api/v1/tasks/batch", bytes("[{\"type\":\"" + type, 0xC0, 0xAF, "\"}]")).expectProblem(ProblemType.MALFORMED_JSON);

        assertThat(api.get("/api/v1/tasks?status=all&type=" + type + "/").expect(200).path("tasks")).isEmpty();
    }

    @Test
    void aQueryParameterThatIsNotUtf8OrBadlyEscaped_is400NamingIt() {
        assertThat(api.get("/api/v1/tasks?type=a%ff").expectProblem(ProblemType.BAD_REQUEST).path("detail").asText()).contains("'type'");
        api.get("/api/v1/tasks?type=a%ed%a0%80").expectProblem(ProblemType.BAD_REQUEST);
        api.get("/api/v1/tasks?type=a%c0%af").expectProblem(ProblemType.BAD_REQUEST);
        api.get("/api/v1/ledger?task_name=n%ffz").expectProblem(ProblemType.BAD_REQUEST);
        assertThat(api.get("/api/v1/tasks?type=" + newType() + "%C3%A9").expect(200).path("tasks")).isEmpty();

        // Javalin dropped a parameter with a bad escape (the listing was then not filtered at all)
        RawHttp.Response badEscape = RawHttp.send(app.port(), RawHttp.request("GET",
                "/api/v1/tasks?type=a%zz".getBytes(StandardCharsets.US_ASCII), "X-API-Key: " + ACME_KEY));
        assertThat(badEscape.status()).isEqualTo(400);
        assertThat(Reply.tree(badEscape.body()).path("detail").asText()).contains("'type'");
        // raw bytes that are not UTF-8 reached the handler as U+FFFD
        RawHttp.Response rawByte = RawHttp.send(app.port(), RawHttp.request("GET",
                bytes("/api/v1/ledger?task_name=n", 0xFF, "z"), "X-API-Key: " + ACME_KEY));
        assertThat(rawByte.status()).isEqualTo(400);
        assertThat(Reply.tree(rawByte.body()).path("type").asText()).isEqualTo(ProblemType.BAD_REQUEST.uri());
    }

    @Test
    void timestampsOutsideYears0000To9999_are422_andTheEndsOfTheRangeAreStoredAndComparedExactly() {
        String type = newType();
        for (String runAt : new String[] {"+10000-01-01T00:00:00Z", "-0001-12-31T23:59:59Z", "+999999999-12-31T23:59:59Z"}) {
            assertThat(api.post("/api/v1/tasks", "{\"type\":\"" + type + "\",\"run_at\":\"" + runAt + "\"}")
                    .expectProblem(ProblemType.INVALID_VALUE).path("detail").asText()).as(runAt).startsWith("run_at ");
        }
        // a number is no RFC 3339 timestamp: 1e300 was stored as 1970-01-01
        api.post("/api/v1/tasks", "{\"type\":\"" + type + "\",\"run_at\":1e300}").expectProblem(ProblemType.INVALID_VALUE);
        api.post("/api/v1/tasks", "{\"type\":\"" + type + "\",\"run_at\":1700000000}").expectProblem(ProblemType.INVALID_VALUE);
        api.post("/api/v1/tasks/batch", "[{\"type\":\"" + type + "\",\"run_at\":\"+10000-01-01T00:00:00Z\"}]")
                .expectProblem(ProblemType.INVALID_VALUE);
        assertThat(api.get("/api/v1/tasks?status=all&type=" + type).expect(200).path("tasks")).isEmpty();

        JsonNode first = create(type, "\"run_at\":\"0000-01-01T00:00:00Z\"");
        JsonNode last = create(type, "\"run_at\":\"9999-12-31T23:59:59.999Z\"");
        assertThat(api.get(taskPath(first)).expect(200).path("run_at").asText()).isEqualTo("0000-01-01T00:00:00Z");
        assertThat(api.get(taskPath(last)).expect(200).path("run_at").asText()).isEqualTo("9999-12-31T23:59:59.999Z");
        assertThat(claimOne(type, "w").path("id")).isEqualTo(first.path("id")); // the year-9999 task is not due
        assertThat(api.post("/api/v1/tasks/claim", "{\"types\":[\"" + type + "\"]}").expect(200).path("tasks")).isEmpty();

        for (String query : new String[] {"created_after=%2B999999999-01-01T00:00:00Z", "created_after=%2B10000-01-01T00:00:00Z",
                "created_before=-1000-01-01T00:00:00Z"}) {
            assertThat(api.get("/api/v1/tasks?status=all&" + query).expectProblem(ProblemType.INVALID_VALUE).path("detail").asText())
                    .as(query).startsWith("created_");
        }
        assertThat(api.get("/api/v1/tasks?status=all&type=" + type + "&created_after=9999-12-31T00:00:00Z").expect(200).path("tasks")).isEmpty();
        assertThat(api.get("/api/v1/tasks?status=all&type=" + type + "&created_after=0000-01-01T00:00:00Z").expect(200).path("tasks")).hasSize(2);
        // a forged cursor naming such a time is no cursor a listing produced
        String cursor = Base64.getUrlEncoder().withoutPadding().encodeToString(("1|" + Long.MAX_VALUE / 2 + "|" + last.path("id").asText())
                .getBytes(StandardCharsets.UTF_8));
        api.get("/api/v1/tasks?type=" + type + "&cursor=" + cursor).expectProblem(ProblemType.BAD_REQUEST);

        api.get("/api/v1/ledger?updated_after=%2B10000-01-01T00:00:00Z").expectProblem(ProblemType.INVALID_VALUE);
        Reply export = api.get("/api/v1/ledger/export?updated_after=%2B10000-01-01T00:00:00Z");
        export.expectProblem(ProblemType.INVALID_VALUE);
        assertThat(export.header("Content-Disposition")).isNull();
    }

    @Test
    void jsonNestedUpTo31Levels_isStoredOnEveryBackend_deeperIs422() {
        String type = newType();
        JsonNode deep = create(type, "\"payload\":" + nested(31) + ",\"metadata\":{\"m\":" + nested(30) + "}");
        assertThat(api.get(taskPath(deep)).expect(200).path("payload")).isEqualTo(Reply.tree(nested(31)));

        for (String body : new String[] {"\"payload\":" + nested(32), "\"payload\":" + nested(900), "\"metadata\":{\"m\":" + nested(31) + "}",
                "\"request\":" + nested(31)}) { // seed 001's request is kept one level down, inside the payload
            assertThat(api.post("/api/v1/tasks", "{\"type\":\"" + type + "\"," + body + "}").expectProblem(ProblemType.INVALID_VALUE)
                    .path("detail").asText()).as(body).contains("31 levels");
        }
        assertThat(api.get("/api/v1/tasks?status=all&type=" + type).expect(200).path("tasks")).hasSize(1);

        api.patch(taskPath(deep), "{\"metadata\":{\"m\":" + nested(31) + "}}").expectProblem(ProblemType.INVALID_VALUE);
        JsonNode claimed = claimOne(type, "w");
        String token = "\"lease_token\":\"" + claimed.path("lease_token").asText() + "\"";
        api.post(taskPath(claimed) + "/heartbeat", "{" + token + ",\"metadata\":{\"m\":" + nested(31) + "}}").expectProblem(ProblemType.INVALID_VALUE);
        api.post(taskPath(claimed) + "/complete", "{" + token + ",\"result\":" + nested(32) + "}").expectProblem(ProblemType.INVALID_VALUE);
        api.post("/api/v1/tasks/complete", "{\"completions\":[{\"id\":\"" + claimed.path("id").asText() + "\"," + token
                + ",\"result\":" + nested(32) + "}]}").expectProblem(ProblemType.INVALID_VALUE);
        assertThat(api.get(taskPath(claimed)).expect(200).path("status").asText()).isEqualTo("processing");

        api.post(taskPath(claimed) + "/complete", "{" + token + ",\"result\":" + nested(31) + "}").expect(200);
        assertThat(api.get(taskPath(claimed) + "/result").expect(200).path("result")).isEqualTo(Reply.tree(nested(31)));
    }

    @Test
    void truncatedJsonInTheBatchEndpoints_is400MalformedJson() {
        for (String[] call : new String[][] {{"/api/v1/tasks/batch", "{\"tasks\":[{"}, {"/api/v1/tasks/complete", "{\"completions\":[{"},
                {"/api/v1/tasks/heartbeat", "{\"heartbeats\":[{"}, {"/api/v1/tasks/batch", "[{\"type\":\"t\","}}) {
            assertThat(api.post(call[0], call[1]).expectProblem(ProblemType.MALFORMED_JSON).path("detail").asText())
                    .as(call[0]).contains("not valid JSON").doesNotContain("Source").doesNotContain("java.");
        }
    }
}
