package dev.taskledger.server.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.taskledger.server.ledger.LedgerTestServer.enc;
import static dev.taskledger.server.ledger.LedgerTestServer.fields;
import static org.assertj.core.api.Assertions.assertThat;

/** Seed 000's own endpoint, {@code /mrtreplic/task} and {@code /mrtinv/task}: the curl scripts' exact contract. */
public abstract class ReplicLedgerContract extends LedgerHttpTestSupport {
    private static final String TIMESTAMP = "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d";

    /** Every value a string; exactly the seed's keys (note only when not null). */
    private static JsonNode seedShape(HttpResponse<String> response, boolean withNote) {
        JsonNode body = ok(response, 200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        List<String> keys = new ArrayList<>();
        body.fieldNames().forEachRemaining(keys::add);
        List<String> expected = new ArrayList<>(List.of("task_name", "retries", "created", "current_status", "id", "updated", "task_item"));
        if (withNote) {
            expected.add("note");
        }
        assertThat(keys).containsExactlyInAnyOrderElementsOf(expected);
        body.forEach(v -> assertThat(v.isTextual()).as("%s is a string", v).isTrue());
        assertThat(body.path("created").asText()).matches(TIMESTAMP);
        assertThat(body.path("updated").asText()).matches(TIMESTAMP);
        assertThat(body.path("id").asText()).matches("[1-9][0-9]*");
        assertThat(body.path("updated").asText()).isGreaterThanOrEqualTo(body.path("created").asText());
        return body;
    }

    @ParameterizedTest
    @ValueSource(strings = {"/mrtreplic/task", "/mrtinv/task"})
    void theSeedsFourScripts_withMultipartOnEveryMethod(String path) {
        String item = "ark:/28722/bk0003d9n5m-" + uniqueName("i");
        Map<String, String> key = fields("name", "changeToken", "item", item);

        JsonNode addfail = seedShape(server.multipart("POST", path, fields("name", "changeToken", "item", item, "status", "fail",
                "note", "Exception copy")), true);
        assertThat(addfail.path("task_name").asText()).isEqualTo("changeToken");
        assertThat(addfail.path("task_item").asText()).isEqualTo(item);
        assertThat(addfail.path("retries").asText()).isEqualTo("0");
        assertThat(addfail.path("current_status").asText()).isEqualTo("fail");
        assertThat(addfail.path("note").asText()).isEqualTo("Exception copy");
        assertThat(addfail.path("updated").asText()).isEqualTo(addfail.path("created").asText());

        JsonNode add = seedShape(server.multipart("POST", path, fields("name", "changeToken", "item", item, "status", "ok")), false);
        assertThat(add.path("retries").asText()).isEqualTo("1");
        assertThat(add.path("current_status").asText()).isEqualTo("ok");
        assertThat(add.path("id").asText()).isEqualTo(addfail.path("id").asText());
        assertThat(add.path("created").asText()).isEqualTo(addfail.path("created").asText());

        Map<String, String> withStatus = fields("name", "changeToken", "item", item, "status", "ok");
        JsonNode get = seedShape(server.multipart("GET", path, withStatus), false);
        assertThat(get).isEqualTo(add);
        JsonNode del = seedShape(server.multipart("DELETE", path, withStatus), false);
        assertThat(del).as("DELETE answers the entry as it was").isEqualTo(add);

        HttpResponse<String> gone = server.multipart("GET", path, key);
        assertThat(ok(gone, 200).isObject()).isTrue();
        assertThat(gone.body()).isEqualTo("{}");
        assertThat(server.multipart("DELETE", path, key).body()).isEqualTo("{}");
    }

    @Test
    void timestampsAreUtc_andAgreeWithTheApi() {
        String item = uniqueName("utc");
        JsonNode seed = seedShape(server.multipart("POST", "/mrtreplic/task", fields("name", "utc", "item", item, "status", "ok")), false);
        JsonNode api = ok(server.get("/api/v1/ledger/entry?task_name=utc&task_item=" + enc(item)), 200);
        Instant created = LocalDateTime.parse(seed.path("created").asText().replace(' ', 'T')).toInstant(ZoneOffset.UTC);
        assertThat(created).isEqualTo(Instant.parse(api.path("created").asText()));
        // the seed's numeric row id here; an opaque id in /api/v1 (it reveals nothing about other tenants' entries)
        assertThat(seed.path("id").asText()).matches("[1-9][0-9]*");
        assertThat(api.path("id").asText()).matches("[A-Za-z0-9_-]{22}");
    }

    @Test
    void urlencodedBody_andQueryString_workOnEveryMethod() {
        String item = uniqueName("ark:/x");
        seedShape(server.urlencoded("POST", "/mrtreplic/task", fields("name", "enc", "item", item, "status", "partial", "note", "a&b=c")), true);
        String query = "?name=enc&item=" + enc(item);
        JsonNode viaQuery = seedShape(server.send(java.net.http.HttpRequest.newBuilder(server.uri("/mrtinv/task" + query + "&status=fail"))
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build()), false);
        assertThat(viaQuery.path("retries").asText()).isEqualTo("1");
        assertThat(viaQuery.path("current_status").asText()).isEqualTo("fail");
        assertThat(seedShape(server.get("/mrtreplic/task" + query), false)).isEqualTo(viaQuery);
        assertThat(seedShape(server.urlencoded("GET", "/mrtreplic/task", fields("name", "enc", "item", item)), false)).isEqualTo(viaQuery);
        assertThat(seedShape(server.urlencoded("DELETE", "/mrtreplic/task", fields("name", "enc", "item", item)), false)).isEqualTo(viaQuery);
        assertThat(server.delete("/mrtreplic/task" + query).body()).isEqualTo("{}");
        assertThat(server.get("/mrtreplic/task" + query).body()).isEqualTo("{}");
    }

    @Test
    void emptyNote_isNull_andClearsThePreviousNote_statusInAnyCase() {
        String item = uniqueName("note");
        seedShape(server.multipart("POST", "/mrtreplic/task", fields("name", "notes", "item", item, "status", "FAIL", "note", "first")), true);
        JsonNode cleared = seedShape(server.multipart("POST", "/mrtreplic/task", fields("name", "notes", "item", item, "status", "Ok", "note", "")), false);
        assertThat(cleared.path("current_status").asText()).isEqualTo("ok");
        JsonNode noStatus = seedShape(server.multipart("POST", "/mrtreplic/task", fields("name", "notes", "item", item)), false);
        assertThat(noStatus.path("current_status").asText()).isEqualTo("unknown");
        assertThat(noStatus.path("retries").asText()).isEqualTo("2");
    }

    @Test
    void unicodeAndNulInTheNote_roundTripThroughMultipart() {
        String item = "日本/😀/" + uniqueName("u");
        String note = "ü 日本 😀 \u0000 end";
        JsonNode recorded = seedShape(server.multipart("POST", "/mrtreplic/task", fields("name", "unicode", "item", item, "status", "ok", "note", note)), true);
        assertThat(recorded.path("task_item").asText()).isEqualTo(item);
        assertThat(recorded.path("note").asText()).isEqualTo(note);
        assertThat(seedShape(server.multipart("GET", "/mrtreplic/task", fields("name", "unicode", "item", item)), true)).isEqualTo(recorded);
    }

    private HttpResponse<String> multipartBytes(String method, String path, String boundary, byte[] body) {
        return server.send(HttpRequest.newBuilder(server.uri(path)).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    /** A multipart body of {@code count} fields {@code f0..}, then name and item. */
    private static String manyFields(String boundary, int count, String item) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < count; i++) {
            body.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"f").append(i).append("\"\r\n\r\nv\r\n");
        }
        body.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nmany\r\n");
        body.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"item\"\r\n\r\n").append(item).append("\r\n");
        return body.append("--").append(boundary).append("--\r\n").toString();
    }

    @Test
    void aMalformedMultipartBody_is400_onEveryMethodAndPath() {
        byte[] garbage = "garbage".getBytes(StandardCharsets.US_ASCII);
        for (String path : List.of("/mrtreplic/task", "/mrtinv/task", "/api/v1/ledger")) {
            for (String method : path.startsWith("/api") ? List.of("POST") : List.of("POST", "GET", "DELETE")) {
                problem(multipartBytes(method, path, "xyz", garbage), 400, "multipart");
                problem(multipartBytes(method, path, "xyz", "--xyz\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nn"
                        .getBytes(StandardCharsets.US_ASCII)), 400, "multipart"); // cut short
            }
        }
        problem(server.send(HttpRequest.newBuilder(server.uri("/mrtreplic/task")).header("Content-Type", "multipart/form-data")
                .POST(HttpRequest.BodyPublishers.ofString("x")).build()), 400, "boundary");
    }

    @Test
    void aNoteOf250KB_isStoredExactly_andAFormOver1MiBIs413() {
        String item = uniqueName("big");
        String note = "Exception copy: " + "ü日😀".repeat(20_000) + "x".repeat(100_000); // ~250 KB of UTF-8
        JsonNode recorded = seedShape(server.multipart("POST", "/mrtreplic/task", fields("name", "big", "item", item, "status", "fail",
                "note", note)), true);
        assertThat(recorded.path("note").asText()).isEqualTo(note);
        assertThat(seedShape(server.multipart("GET", "/mrtinv/task", fields("name", "big", "item", item)), true).path("note").asText())
                .isEqualTo(note);
        assertThat(ok(server.multipart("POST", "/api/v1/ledger", fields("name", "big", "item", item, "note", note)), 200)
                .path("note").asText()).isEqualTo(note);

        problem(server.multipart("POST", "/mrtreplic/task", fields("name", "big", "item", item, "note", "y".repeat(1_100_000))), 413,
                "larger than");
        assertThat(seedShape(server.multipart("GET", "/mrtreplic/task", fields("name", "big", "item", item)), true).path("retries").asText())
                .isEqualTo("1");
    }

    @Test
    void aFormOfMoreThan1000Fields_is413_1000AreFine() {
        String boundary = "b0undary";
        String item = uniqueName("many");
        seedShape(multipartBytes("POST", "/mrtreplic/task", boundary, manyFields(boundary, 998, item).getBytes(StandardCharsets.UTF_8)), false);
        problem(multipartBytes("POST", "/mrtreplic/task", boundary, manyFields(boundary, 999, item + "x").getBytes(StandardCharsets.UTF_8)),
                413, "1000 fields");
        StringBuilder urlencoded = new StringBuilder("name=many&item=" + enc(item + "y"));
        for (int i = 0; i < 999; i++) {
            urlencoded.append("&f").append(i).append("=v");
        }
        problem(server.send(HttpRequest.newBuilder(server.uri("/mrtreplic/task")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(urlencoded.toString())).build()), 413, "1000 fields");
        assertThat(server.multipart("GET", "/mrtreplic/task", fields("name", "many", "item", item + "x")).body()).isEqualTo("{}");
    }

    @Test
    void aPartThatIsNotUtf8_is400NamingTheField() {
        String item = uniqueName("bytes");
        byte[] body = ("--b\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nn\u00ffz\r\n--b\r\nContent-Disposition: form-data; "
                + "name=\"item\"\r\n\r\n" + item + "\r\n--b--\r\n").getBytes(StandardCharsets.ISO_8859_1);
        problem(multipartBytes("POST", "/mrtreplic/task", "b", body), 400, "form field 'name'");
        assertThat(server.multipart("GET", "/mrtreplic/task", fields("name", "n\uFFFDz", "item", item)).body()).isEqualTo("{}");
    }

    @Test
    void missingNameOrItem_orBadStatus_is400WithAJsonBody_neverAnEmptyKey() {
        problem(server.multipart("POST", "/mrtreplic/task", fields("item", "x", "status", "ok")), 400, "task_name");
        problem(server.multipart("POST", "/mrtreplic/task", fields("name", "x", "item", "", "status", "ok")), 400, "task_item");
        problem(server.multipart("GET", "/mrtreplic/task", fields("name", "x")), 400, "task_item");
        problem(server.multipart("DELETE", "/mrtinv/task", fields("item", "x")), 400, "task_name");
        problem(server.get("/mrtreplic/task"), 400, "task_name");
        problem(server.multipart("POST", "/mrtreplic/task", fields("name", "x", "item", "y", "status", "done")), 400, "status 'done'");
        problem(server.multipart("POST", "/mrtreplic/task", fields("name", "x", "item", "y".repeat(512))), 422, "511");
        assertThat(server.multipart("GET", "/mrtreplic/task", fields("name", "x", "item", "y")).body()).isEqualTo("{}");
    }
}
