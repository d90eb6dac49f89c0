package dev.taskledger.server.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taskledger.protocol.ProblemType;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static dev.taskledger.server.ledger.LedgerTestServer.enc;
import static dev.taskledger.server.ledger.LedgerTestServer.fields;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code /api/v1/ledger}: one entry at a time, listing, summary, field rules and errors. */
public abstract class LedgerApiContract extends LedgerHttpTestSupport {

    static String body(String name, String item, String status, String note) {
        ObjectNode o = JsonNodeFactory.instance.objectNode().put("task_name", name).put("task_item", item);
        if (status != null) {
            o.put("status", status);
        }
        if (note != null) {
            o.put("note", note);
        }
        return o.toString();
    }

    private JsonNode getEntry(String name, String item) {
        return ok(server.get("/api/v1/ledger/entry?task_name=" + enc(name) + "&task_item=" + enc(item)), 200);
    }

    @Test
    void record_createsWith201ThenUpdatesWith200_retriesCountUp_idAndCreatedStay() {
        String name = uniqueName("changeToken");
        JsonNode first = ok(server.postJson("/api/v1/ledger", body(name, "ark:/28722/bk0003d9n5m", "fail", "Exception copy")), 201);
        assertThat(first.path("retries").asInt()).isZero();
        assertThat(first.path("status").asText()).isEqualTo("fail");
        assertThat(first.path("note").asText()).isEqualTo("Exception copy");
        assertThat(first.path("created").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ").isEqualTo(first.path("updated").asText());

        HttpResponse<String> again = server.postJson("/api/v1/ledger", body(name, "ark:/28722/bk0003d9n5m", "ok", null));
        JsonNode second = ok(again, 200);
        assertThat(second.path("retries").asInt()).isEqualTo(1);
        assertThat(second.path("status").asText()).isEqualTo("ok");
        assertThat(second.has("note")).as("note cleared").isFalse();
        assertThat(second.path("id").asText()).isEqualTo(first.path("id").asText()).matches("[A-Za-z0-9_-]{22}");
        assertThat(second.path("created").asText()).isEqualTo(first.path("created").asText());
        assertThat(Instant.parse(second.path("updated").asText())).isAfterOrEqualTo(Instant.parse(first.path("updated").asText()));
        assertThat(again.headers().firstValue("Location").orElseThrow()).startsWith("/api/v1/ledger/entry?task_name=");
        assertThat(getEntry(name, "ark:/28722/bk0003d9n5m")).isEqualTo(second);
    }

    @Test
    void record_acceptsMultipartAndUrlencodedFormFields_withTheSeedsNames() {
        String name = uniqueName("form");
        ok(server.multipart("POST", "/api/v1/ledger", fields("name", name, "item", "a/b:c", "status", "partial", "note", "via -F")), 201);
        JsonNode updated = ok(server.urlencoded("POST", "/api/v1/ledger", fields("name", name, "item", "a/b:c", "status", "PENDING")), 200);
        assertThat(updated.path("retries").asInt()).isEqualTo(1);
        assertThat(updated.path("status").asText()).isEqualTo("pending");
        assertThat(updated.has("note")).isFalse();
        // curl -d '{...}' without -H labels JSON as a form: 415 saying so (JSON endpoints take JSON labelled as JSON)
        problem(server.post("/api/v1/ledger", "application/x-www-form-urlencoded", body(name, "json-as-form", "ok", null)), 415,
                "Content-Type: application/json");
    }

    @Test
    void status_isAcceptedInAnyCase_absentMeansUnknown_anythingElseIs400() {
        String name = uniqueName("status");
        assertThat(ok(server.postJson("/api/v1/ledger", body(name, "i1", "Ok", null)), 201).path("status").asText()).isEqualTo("ok");
        assertThat(ok(server.postJson("/api/v1/ledger", body(name, "i2", "FAIL", null)), 201).path("status").asText()).isEqualTo("fail");
        assertThat(ok(server.postJson("/api/v1/ledger", body(name, "i3", null, null)), 201).path("status").asText()).isEqualTo("unknown");
        problem(server.postJson("/api/v1/ledger", body(name, "i4", "done", null)), 400, "status 'done'");
        problem(server.multipart("POST", "/api/v1/ledger", fields("name", name, "item", "i5", "status", "okay")), 400, "status");
    }

    @Test
    void missingNameOrItem_is400ProblemJson() {
        problem(server.postJson("/api/v1/ledger", "{\"task_item\":\"x\"}"), 400, "task_name");
        problem(server.postJson("/api/v1/ledger", "{\"task_name\":\"x\",\"task_item\":\"\"}"), 400, "task_item");
        problem(server.multipart("POST", "/api/v1/ledger", fields("item", "x")), 400, "task_name");
        problem(server.get("/api/v1/ledger/entry?task_name=x"), 400, "task_item");
        problem(server.delete("/api/v1/ledger/entry?task_item=x"), 400, "task_name");
        problem(server.postJson("/api/v1/ledger", "{\"task_name\": "), 400, "JSON");
        problem(server.postJson("/api/v1/ledger", ""), 400, "JSON body is required");
    }

    @Test
    void unicodeItem_of511CodePointsRoundTripsExactly_512Is422() {
        String name = uniqueName("unicode-名前");
        StringBuilder item = new StringBuilder();
        String[] parts = {"😀", "日", "本", "é", "🚀", "a", "/", ":"};
        for (int i = 0; i < 511; i++) {
            item.append(parts[i % parts.length]);
        }
        String item511 = item.toString();
        assertThat(item511.codePointCount(0, item511.length())).isEqualTo(511);
        JsonNode recorded = ok(server.postJson("/api/v1/ledger", body(name, item511, "ok", "ノート 📝")), 201);
        assertThat(recorded.path("task_item").asText()).isEqualTo(item511);
        assertThat(recorded.path("task_name").asText()).isEqualTo(name);
        JsonNode read = getEntry(name, item511);
        assertThat(read.path("task_item").asText()).isEqualTo(item511);
        assertThat(read.path("note").asText()).isEqualTo("ノート 📝");

        problem(server.postJson("/api/v1/ledger", body(name, item511 + "😀", "ok", null)), 422, "longer than 511");
        problem(server.postJson("/api/v1/ledger", body("n".repeat(256), "x", "ok", null)), 422, "longer than 255");
    }

    @Test
    void noteWithNul_roundTripsIntact() {
        String name = uniqueName("nul");
        String note = "before\u0000after \u0001 \"quoted\" \\ 😀";
        assertThat(ok(server.postJson("/api/v1/ledger", body(name, "item", "fail", note)), 201).path("note").asText()).isEqualTo(note);
        assertThat(getEntry(name, "item").path("note").asText()).isEqualTo(note);
        JsonNode listed = ok(server.get("/api/v1/ledger?task_name=" + enc(name)), 200);
        assertThat(listed.path("entries").get(0).path("note").asText()).isEqualTo(note);
        problem(server.postJson("/api/v1/ledger", body(name, "it\u0000em", "ok", null)), 422, "NUL");
    }

    @Test
    void entry_getAndDelete_deleteAnswersTheEntryAsItWas_thenBoth404() {
        String name = uniqueName("entry");
        String item = "ark:/28722/x y&z?=#";
        JsonNode recorded = ok(server.postJson("/api/v1/ledger", body(name, item, "fail", "n")), 201);
        assertThat(getEntry(name, item)).isEqualTo(recorded);
        String path = "/api/v1/ledger/entry?task_name=" + enc(name) + "&task_item=" + enc(item);
        assertThat(ok(server.delete(path), 200)).isEqualTo(recorded);
        problem(server.get(path), 404, "no ledger entry");
        problem(server.delete(path), 404, "no ledger entry");
    }

    @Test
    void list_filtersByNameStatusAndUpdatedAfter_andPagesWithACursor() {
        String name = uniqueName("list");
        for (int i = 0; i < 7; i++) {
            ok(server.postJson("/api/v1/ledger", body(name, "item-" + i, i % 2 == 0 ? "ok" : "fail", null)), 201);
        }
        List<String> items = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = ok(server.get("/api/v1/ledger?task_name=" + enc(name) + "&limit=3"
                    + (cursor == null ? "" : "&cursor=" + enc(cursor))), 200);
            page.path("entries").forEach(e -> items.add(e.path("task_item").asText()));
            cursor = page.path("next_cursor").isNull() ? null : page.path("next_cursor").asText();
            assertThat(page.has("next_cursor")).isTrue();
            pages++;
        } while (cursor != null);
        assertThat(pages).isEqualTo(3);
        assertThat(items).containsExactly("item-0", "item-1", "item-2", "item-3", "item-4", "item-5", "item-6");

        JsonNode failed = ok(server.get("/api/v1/ledger?task_name=" + enc(name) + "&status=FAIL"), 200);
        assertThat(failed.path("entries")).hasSize(3).allSatisfy(e -> assertThat(e.path("status").asText()).isEqualTo("fail"));
        assertThat(ok(server.get("/api/v1/ledger?task_name=" + enc(name) + "&updated_after=2999-01-01T00:00:00Z"), 200)
                .path("entries")).isEmpty();
        assertThat(ok(server.get("/api/v1/ledger?task_name=" + enc(name) + "&updated_after=2000-01-01%2000:00:00"), 200)
                .path("entries")).hasSize(7);

        problem(server.get("/api/v1/ledger?status=bogus"), 400, "status");
        problem(server.get("/api/v1/ledger?limit=ten"), 400, "limit");
        problem(server.get("/api/v1/ledger?limit=0"), 422, "limit");
        problem(server.get("/api/v1/ledger?updated_after=yesterday"), 400, "updated_after");
        problem(server.get("/api/v1/ledger?cursor=garbage"), 400, "cursor");
    }

    @Test
    void ids_areOpaque_andNotSequential_andACursorOfAnotherTenantOrOfARowNumberIs400() {
        String name = uniqueName("ids");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) { // two tenants in turn: their ids must not show how many the other recorded
            String tenant = i % 2 == 0 ? "default" : "team-b";
            JsonNode entry = ok(server.send(HttpRequest.newBuilder(server.uri("/api/v1/ledger")).header("X-Tenant", tenant)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body(name, "item-" + i, "ok", null))).build()), 201);
            assertThat(entry.path("id").isTextual()).isTrue();
            ids.add(entry.path("id").asText());
        }
        assertThat(ids).doesNotHaveDuplicates().allSatisfy(id -> assertThat(id).matches("[A-Za-z0-9_-]{22}").doesNotContainPattern("^[0-9]+$"));
        JsonNode seed = ok(server.get("/mrtreplic/task?name=" + enc(name) + "&item=item-0"), 200);
        assertThat(seed.path("id").asText()).as("seed 000's endpoint keeps the numeric id").matches("[1-9][0-9]*");

        JsonNode teamB = ok(server.send(HttpRequest.newBuilder(server.uri("/api/v1/ledger?limit=1&task_name=" + enc(name)))
                .header("X-Tenant", "team-b").GET().build()), 200);
        String cursor = teamB.path("next_cursor").asText();
        assertThat(cursor).as("the cursor is the id of the page's last entry").isEqualTo(ids.get(1));
        JsonNode next = ok(server.send(HttpRequest.newBuilder(server.uri("/api/v1/ledger?limit=1&task_name=" + enc(name)
                + "&cursor=" + enc(cursor))).header("X-Tenant", "team-b").GET().build()), 200);
        assertThat(next.path("entries").get(0).path("id").asText()).isEqualTo(ids.get(3));

        problem(server.get("/api/v1/ledger?task_name=" + enc(name) + "&cursor=" + enc(cursor)), 400, "cursor");
        String rowNumber = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("1".getBytes(StandardCharsets.UTF_8));
        problem(server.get("/api/v1/ledger?cursor=" + rowNumber), 400, "cursor");
        String flipped = (cursor.charAt(0) == 'A' ? "B" : "A") + cursor.substring(1);
        problem(server.send(HttpRequest.newBuilder(server.uri("/api/v1/ledger?cursor=" + flipped)).header("X-Tenant", "team-b")
                .GET().build()), 400, "cursor");
    }

    @Test
    void summary_countsPerStatus_firstAndLastAttempt_totalRetries() {
        String name = uniqueName("summary");
        ok(server.postJson("/api/v1/ledger", body(name, "a", "fail", null)), 201);
        ok(server.postJson("/api/v1/ledger", body(name, "a", "ok", null)), 200);
        ok(server.postJson("/api/v1/ledger", body(name, "b", "fail", null)), 201);
        ok(server.postJson("/api/v1/ledger", body(name, "c", "partial", null)), 201);

        JsonNode summaries = ok(server.get("/api/v1/ledger/summary?task_name=" + enc(name)), 200).path("summaries");
        assertThat(summaries).hasSize(1);
        JsonNode s = summaries.get(0);
        assertThat(s.path("task_name").asText()).isEqualTo(name);
        assertThat(s.path("total").asLong()).isEqualTo(3);
        assertThat(s.path("total_retries").asLong()).isEqualTo(1);
        assertThat(s.path("by_status").path("ok").asLong()).isEqualTo(1);
        assertThat(s.path("by_status").path("fail").asLong()).isEqualTo(1);
        assertThat(s.path("by_status").path("partial").asLong()).isEqualTo(1);
        assertThat(s.path("by_status").path("pending").asLong()).isZero();
        assertThat(s.path("by_status").path("unknown").asLong()).isZero();
        assertThat(Instant.parse(s.path("first_attempt").asText())).isBeforeOrEqualTo(Instant.parse(s.path("last_attempt").asText()));

        JsonNode all = ok(server.get("/api/v1/ledger/summary"), 200).path("summaries");
        assertThat(all.findValuesAsText("task_name")).contains(name);
    }

    @Test
    void bodyOver1MiB_onTheSingleRecordRoute_is413() {
        String big = body("n", "i", "ok", "x".repeat(1_100_000));
        problem(server.postJson("/api/v1/ledger", big), 413, "larger than");
    }

    /** {@code method path} with a body of raw bytes labelled {@code contentType}. */
    private HttpResponse<String> sendBytes(String method, String path, String contentType, byte[] body) {
        return server.send(HttpRequest.newBuilder(server.uri(path)).header("Content-Type", contentType)
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    private static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void formFieldsThatAreNotUtf8_are400NamingTheField_soTheIssuesTwoNamesNoLongerUpdateOneEntry() {
        String name = uniqueName("utf8");
        // both decoded to "n\uFFFDz" before, and the second updated the first one's entry
        problem(sendBytes("POST", "/api/v1/ledger", "application/x-www-form-urlencoded", latin1("name=" + name + "%ffz&item=i")), 400,
                "form field 'name'");
        problem(sendBytes("POST", "/api/v1/ledger", "application/x-www-form-urlencoded", latin1("name=" + name + "%ed%a0%80z&item=i")), 400,
                "form field 'name'");
        problem(sendBytes("POST", "/api/v1/ledger", "application/x-www-form-urlencoded", latin1("name=" + name + "\u00ffz&item=i")), 400,
                "form field 'name'");
        problem(sendBytes("POST", "/api/v1/ledger", "application/x-www-form-urlencoded", latin1("name=" + name + "&item=%zz")), 400,
                "form field 'item'");
        problem(sendBytes("POST", "/api/v1/ledger/batch", "text/csv", latin1("task_name,task_item\n" + name + "\u00ff,i\n")), 400, "UTF-8");
        problem(sendBytes("POST", "/api/v1/ledger/batch", "application/x-ndjson",
                latin1("{\"task_name\":\"" + name + "\u00ff\",\"task_item\":\"i\"}\n")), 400, "UTF-8");
        problem(sendBytes("POST", "/api/v1/ledger/" + name + "/reconcile", "text/plain", latin1("a\u00ffb\n")), 400, "UTF-8");
        for (String stored : new String[] {name + "\uFFFDz", name + "\u00ffz", name + "\uFFFD"}) {
            assertThat(ok(server.get("/api/v1/ledger?task_name=" + enc(stored)), 200).path("entries")).as(stored).isEmpty();
        }

        JsonNode accented = ok(sendBytes("POST", "/api/v1/ledger", "application/x-www-form-urlencoded",
                latin1("name=" + name + "%C3%A9&item=%F0%9F%98%80+x")), 201);
        assertThat(accented.path("task_name").asText()).isEqualTo(name + "\u00e9");
        assertThat(accented.path("task_item").asText()).isEqualTo("\uD83D\uDE00 x");
    }

    @Test
    void unknownRouteAndWrongMethod_areProblemJson() {
        JsonNode unknown = problem(server.get("/api/v1/ledger/nope/nope"), 404, "");
        assertThat(unknown.path("type").asText()).isEqualTo(ProblemType.NOT_FOUND.uri());
        HttpResponse<String> put = server.send(HttpRequest.newBuilder(server.uri("/api/v1/ledger/summary"))
                .PUT(HttpRequest.BodyPublishers.noBody()).build());
        JsonNode wrongMethod = problem(put, 405, "");
        assertThat(wrongMethod.path("type").asText()).isEqualTo(ProblemType.METHOD_NOT_ALLOWED.uri());
        assertThat(wrongMethod.path("title").asText()).isEqualTo(ProblemType.METHOD_NOT_ALLOWED.title());
        assertThat(put.headers().firstValue("Allow")).as("the methods the path has").hasValue("GET");
    }
}
