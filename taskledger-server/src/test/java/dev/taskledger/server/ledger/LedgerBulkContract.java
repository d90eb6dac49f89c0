package dev.taskledger.server.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskledger.protocol.Json;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.taskledger.server.ledger.LedgerApiContract.body;
import static dev.taskledger.server.ledger.LedgerTestServer.enc;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code /api/v1/ledger}: batch (JSON, NDJSON, CSV), reconcile, streamed export, concurrency, 100,000 items. */
public abstract class LedgerBulkContract extends LedgerHttpTestSupport {

    private JsonNode entry(String name, String item) {
        return ok(server.get("/api/v1/ledger/entry?task_name=" + enc(name) + "&task_item=" + enc(item)), 200);
    }

    @Test
    void batch_jsonArray_recordsEveryRow_repeatsCountAsRetries() {
        String name = uniqueName("batch-json");
        String rows = "[" + body(name, "a", "ok", null) + "," + body(name, "b", "fail", "boom") + ","
                + body(name, "a", "partial", "again") + "]";
        assertThat(ok(server.postJson("/api/v1/ledger/batch", rows), 200).path("recorded").asInt()).isEqualTo(3);
        JsonNode a = entry(name, "a");
        assertThat(a.path("retries").asInt()).isEqualTo(1);
        assertThat(a.path("status").asText()).isEqualTo("partial");
        assertThat(a.path("note").asText()).isEqualTo("again");
        assertThat(entry(name, "b").path("note").asText()).isEqualTo("boom");
        assertThat(ok(server.postJson("/api/v1/ledger/batch", "[]"), 200).path("recorded").asInt()).isZero();
    }

    @Test
    void batch_ndjson_oneObjectPerLine_blankLinesSkipped_seedAliasesAccepted() {
        String name = uniqueName("batch-ndjson");
        String ndjson = body(name, "x1", "OK", null) + "\n\n" + "{\"name\":\"" + name + "\",\"item\":\"x2\",\"current_status\":\"fail\"}\r\n";
        assertThat(ok(server.post("/api/v1/ledger/batch", "application/x-ndjson", ndjson), 200).path("recorded").asInt()).isEqualTo(2);
        assertThat(entry(name, "x2").path("status").asText()).isEqualTo("fail");
    }

    @Test
    void batch_csv_withRfc4180QuotedFields_commasQuotesAndNewlines() {
        String name = uniqueName("batch-csv");
        String csv = "task_name,task_item,status,note\r\n"
                + name + ",\"ark:/1,2\",ok,\"said \"\"hi\"\", then left\"\r\n"
                + name + ",plain,FAIL,\"line one\nline two\"\n"
                + name + ",\"日本😀\",pending,\n";
        assertThat(ok(server.post("/api/v1/ledger/batch", "text/csv", csv), 200).path("recorded").asInt()).isEqualTo(3);
        assertThat(entry(name, "ark:/1,2").path("note").asText()).isEqualTo("said \"hi\", then left");
        assertThat(entry(name, "plain").path("note").asText()).isEqualTo("line one\nline two");
        JsonNode unicode = entry(name, "日本😀");
        assertThat(unicode.path("status").asText()).isEqualTo("pending");
        assertThat(unicode.has("note")).isFalse();
    }

    @Test
    void batch_validatesEveryRowBeforeWritingAny_andNamesTheBadRow() {
        String name = uniqueName("batch-bad");
        String rows = "[" + body(name, "a", "ok", null) + "," + body(name, "b", "ok", null) + "," + body(name, "c", "nope", null) + "]";
        problem(server.postJson("/api/v1/ledger/batch", rows), 400, "row 3");
        problem(server.post("/api/v1/ledger/batch", "application/x-ndjson", body(name, "a", "ok", null) + "\n{\"task_name\":\"" + name + "\"}\n"),
                400, "row 2");
        problem(server.post("/api/v1/ledger/batch", "text/csv", "task_name,task_item\n" + name + ",a\n" + name + ",b,extra\n"), 400, "row 2");
        problem(server.post("/api/v1/ledger/batch", "text/csv", "task_name,task_item,status\n" + name + ",a,ok\n" + name + ",\"open\n"), 400,
                "row 2");
        problem(server.post("/api/v1/ledger/batch", "text/csv", "item,status\nx,ok\n"), 400, "header");
        problem(server.post("/api/v1/ledger/batch", "text/csv", "task_name,task_item\n" + name + "," + "x".repeat(512) + "\n"), 422, "row 1");
        problem(server.postJson("/api/v1/ledger/batch", "[1]"), 400, "row 1");
        problem(server.postJson("/api/v1/ledger/batch", "[{\"task_name\":"), 400, "");
        problem(server.post("/api/v1/ledger/batch", "application/xml", "<x/>"), 415, "not application/xml");
        assertThat(ok(server.get("/api/v1/ledger?task_name=" + enc(name)), 200).path("entries")).isEmpty();
    }

    @Test
    void batchRowsOfTheWrongShape_are422NamingRowAndField_withoutJavaTypes_andTruncatedJsonIs400() {
        String name = uniqueName("batch-shape");
        for (String[] call : new String[][] {{"application/json", "[{\"task_name\":[\"x\"],\"task_item\":\"a\"}]"},
                {"application/json", "[{\"task_name\":{\"x\":1},\"task_item\":\"a\"}]"},
                {"application/x-ndjson", "{\"task_name\":\"" + name + "\",\"task_item\":\"a\"}\n{\"task_name\":[1],\"task_item\":\"a\"}\n"}}) {
            JsonNode p = problem(server.post("/api/v1/ledger/batch", call[0], call[1]), 422, "task_name must be a string");
            assertThat(p.path("type").asText()).isEqualTo("urn:taskledger:problem:invalid-value");
            assertThat(p.path("detail").asText()).matches("row [12]: .*").doesNotContain("java.").doesNotContain("JsonToken");
        }
        JsonNode truncated = problem(server.postJson("/api/v1/ledger/batch", "[{\"task_name\":\"" + name + "\","), 400, "not valid JSON");
        assertThat(truncated.path("type").asText()).isEqualTo("urn:taskledger:problem:malformed-json");
        assertThat(truncated.path("detail").asText()).doesNotContain("Source").doesNotContain("StreamReadFeature");
        assertThat(ok(server.get("/api/v1/ledger?task_name=" + enc(name)), 200).path("entries")).isEmpty();
    }

    @Test
    void reconcile_acceptsJsonArray_itemsObject_andPlainText_andReportsMissingAndNotOk() {
        String name = uniqueName("reconcile");
        ok(server.postJson("/api/v1/ledger/batch", "[" + body(name, "done", "ok", null) + "," + body(name, "broken", "fail", "e") + "]"), 200);
        String path = "/api/v1/ledger/" + enc(name) + "/reconcile";
        for (HttpResponse<String> r : List.of(
                server.postJson(path, "[\"done\",\"broken\",\"never\",\"done\"]"),
                server.postJson(path, "{\"items\":[\"done\",\"broken\",\"never\"]}"),
                server.post(path, "text/plain", "done\r\nbroken\n\nnever\n"))) {
            JsonNode report = ok(r, 200);
            assertThat(report.path("task_name").asText()).isEqualTo(name);
            assertThat(report.path("expected").asInt()).isEqualTo(3);
            assertThat(report.path("ok").asInt()).isEqualTo(1);
            assertThat(report.path("missing")).extracting(JsonNode::asText).containsExactly("never");
            assertThat(report.path("not_ok")).hasSize(1);
            assertThat(report.path("not_ok").get(0).path("task_item").asText()).isEqualTo("broken");
            assertThat(report.path("not_ok").get(0).path("status").asText()).isEqualTo("fail");
        }
        problem(server.postJson(path, "{\"other\":[]}"), 400, "items");
        problem(server.postJson(path, "[{\"a\":1}]"), 400, "items[0]");
        problem(server.post("/api/v1/ledger/reconcile", "text/plain", "x"), 400, "task_name");
    }

    @Test
    void reconcile_taskNameWithSlash_worksEncoded_raw_andAsQueryParameter() {
        String name = uniqueName("team/migration/2024");
        ok(server.postJson("/api/v1/ledger", body(name, "item/1", "ok", null)), 201);
        String items = "[\"item/1\",\"item/2\"]";
        List<HttpResponse<String>> answers = List.of(
                server.postJson("/api/v1/ledger/" + name.replace("/", "%2F") + "/reconcile", items),
                server.postJson("/api/v1/ledger/" + name + "/reconcile", items),
                server.postJson("/api/v1/ledger/reconcile?task_name=" + enc(name), items));
        for (HttpResponse<String> r : answers) {
            JsonNode report = ok(r, 200);
            assertThat(report.path("task_name").asText()).isEqualTo(name);
            assertThat(report.path("ok").asInt()).isEqualTo(1);
            assertThat(report.path("missing")).extracting(JsonNode::asText).containsExactly("item/2");
        }
    }

    @Test
    void export_csvAndNdjson_carryEveryFieldExactly_andFilter() throws IOException {
        String name = uniqueName("export");
        String note = "a, \"quoted\"\nnote \u0000 😀";
        ok(server.postJson("/api/v1/ledger/batch", "[" + body(name, "x,1", "fail", note) + "," + body(name, "日本", "ok", null) + "]"), 200);

        HttpResponse<String> csv = server.get("/api/v1/ledger/export?task_name=" + enc(name) + "&format=CSV");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        Csv.Reader reader = new Csv.Reader(new StringReader(csv.body()), 0);
        assertThat(reader.next()).containsExactly("id", "task_name", "task_item", "retries", "status", "note", "created", "updated");
        List<String> first = reader.next();
        assertThat(first.subList(1, 6)).containsExactly(name, "x,1", "0", "fail", note);
        assertThat(reader.next().subList(1, 6)).containsExactly(name, "日本", "0", "ok", "");
        assertThat(reader.next()).isNull();

        HttpResponse<String> ndjson = server.get("/api/v1/ledger/export?task_name=" + enc(name) + "&format=ndjson&status=fail");
        assertThat(ndjson.headers().firstValue("Content-Type").orElse("")).startsWith("application/x-ndjson");
        List<String> lines = ndjson.body().lines().toList();
        assertThat(lines).hasSize(1);
        JsonNode e = Json.mapper().readTree(lines.getFirst());
        assertThat(e.path("task_item").asText()).isEqualTo("x,1");
        assertThat(e.path("note").asText()).isEqualTo(note);
        assertThat(e.path("id").asText()).isEqualTo(first.getFirst()).matches("[A-Za-z0-9_-]{22}");

        problem(server.get("/api/v1/ledger/export?format=xml"), 400, "format");
        problem(server.get("/api/v1/ledger/export?status=nope"), 400, "status");
    }

    @Test
    void concurrentRecordsOfOneKey_neverLoseAnIncrement_20ThreadsX50() throws Exception {
        String name = uniqueName("concurrent");
        try (ExecutorService pool = Executors.newFixedThreadPool(20)) {
            List<Future<List<Integer>>> futures = new ArrayList<>();
            for (int t = 0; t < 20; t++) {
                futures.add(pool.submit(() -> {
                    List<Integer> statuses = new ArrayList<>();
                    for (int i = 0; i < 50; i++) {
                        statuses.add(server.postJson("/api/v1/ledger", body(name, "the-one", "ok", null)).statusCode());
                    }
                    return statuses;
                }));
            }
            List<Integer> all = new ArrayList<>();
            for (Future<List<Integer>> f : futures) {
                all.addAll(f.get());
            }
            assertThat(all).hasSize(1000).containsOnly(200, 201);
            assertThat(all).filteredOn(s -> s == 201).hasSize(1);
        }
        assertThat(entry(name, "the-one").path("retries").asInt()).isEqualTo(999);
    }

    @Test
    void bulkBodies_mayExceed1MiB_butAnAnnouncedBodyOver64MiBIs413() throws IOException {
        URI uri = server.uri("/api/v1/ledger/batch");
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/ledger/batch HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/csv\r\n"
                    + "Content-Length: " + (65L * 1024 * 1024) + "\r\n\r\ntask_name,task_item\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String statusLine = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII)).readLine();
            assertThat(statusLine).startsWith("HTTP/1.1 413");
        }
    }

    /** Records 90,000 of 100,000 items in one CSV batch (> 1 MiB), reconciles all 100,000, then exports them streamed. */
    @Test
    void hundredThousandItems_batchReconcileAndStreamedExport() {
        String name = uniqueName("bulk");
        StringBuilder csv = new StringBuilder("task_name,task_item,status,note\n");
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            String item = "ark:/28722/bk" + String.format("%07d", i);
            expected.append(item).append('\n');
            if (i < 90_000) {
                csv.append(name).append(',').append(item).append(',').append(i < 80_000 ? "ok" : "fail").append(",\n");
            }
        }
        assertThat(csv.length()).isGreaterThan(1 << 20);
        long t0 = System.nanoTime();
        assertThat(ok(server.post("/api/v1/ledger/batch", "text/csv", csv.toString()), 200).path("recorded").asInt()).isEqualTo(90_000);
        long batchMs = (System.nanoTime() - t0) / 1_000_000;

        long t1 = System.nanoTime();
        JsonNode report = ok(server.post("/api/v1/ledger/" + enc(name) + "/reconcile", "text/plain", expected.toString()), 200);
        long reconcileMs = (System.nanoTime() - t1) / 1_000_000;
        assertThat(report.path("expected").asInt()).isEqualTo(100_000);
        assertThat(report.path("ok").asInt()).isEqualTo(80_000);
        assertThat(report.path("missing")).hasSize(10_000);
        assertThat(report.path("missing").get(0).asText()).isEqualTo("ark:/28722/bk0090000");
        assertThat(report.path("not_ok")).hasSize(10_000);
        assertThat(report.path("not_ok").get(0).path("status").asText()).isEqualTo("fail");

        long t2 = System.nanoTime();
        HttpResponse<java.util.stream.Stream<String>> export = streamLines("/api/v1/ledger/export?format=ndjson&task_name=" + enc(name));
        assertThat(export.headers().firstValue("Content-Length")).as("streamed, so no length up front").isEmpty();
        long lines;
        try (var stream = export.body()) {
            lines = stream.count();
        }
        long exportMs = (System.nanoTime() - t2) / 1_000_000;
        assertThat(lines).isEqualTo(90_000);
        HttpResponse<java.util.stream.Stream<String>> exportCsv = streamLines("/api/v1/ledger/export?format=csv&task_name=" + enc(name));
        try (var stream = exportCsv.body()) {
            assertThat(stream.count()).isEqualTo(90_001);
        }
        System.out.printf("[ledger %s] 100,000 items: batch of 90,000 (CSV, %,d bytes) %d ms; reconcile of 100,000 %d ms;"
                        + " NDJSON export of 90,000 %d ms%n", getClass().getSimpleName(), csv.length(), batchMs, reconcileMs, exportMs);
    }

    private HttpResponse<java.util.stream.Stream<String>> streamLines(String path) {
        try {
            return server.http.send(HttpRequest.newBuilder(server.uri(path)).GET().build(), HttpResponse.BodyHandlers.ofLines());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
