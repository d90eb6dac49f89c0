package dev.taskledger.server.ledger;

import dev.taskledger.server.Application;
import dev.taskledger.server.Backend;
import dev.taskledger.server.config.Config;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The real server (the production {@link Application} wiring) on a random loopback port, over a fresh database of a
 * {@link Backend} (cleaned up on close), plus small HTTP helpers for the tests.
 */
final class LedgerTestServer implements AutoCloseable {
    private final Application app;
    private final Runnable cleanup;
    final String base;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private LedgerTestServer(Backend backend) {
        Map<String, String> all = new HashMap<>(backend.env());
        all.put("HOST", "127.0.0.1");
        all.put("PORT", "0");
        try {
            this.app = Application.start(Config.fromEnv(all));
        } catch (RuntimeException e) {
            backend.cleanup();
            throw e;
        }
        this.cleanup = backend::cleanup;
        this.base = "http://127.0.0.1:" + app.port();
    }

    /** A server on {@code backend}, which is cleaned up when the server closes. */
    static LedgerTestServer on(Backend backend) {
        return new LedgerTestServer(backend);
    }

    /** A server on a temporary SQLite file. */
    static LedgerTestServer sqlite() {
        return on(Backend.sqlite());
    }

    @Override
    public void close() {
        try {
            app.close();
        } finally {
            cleanup.run();
        }
    }

    URI uri(String pathAndQuery) {
        return URI.create(base + pathAndQuery);
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> get(String pathAndQuery) {
        return send(HttpRequest.newBuilder(uri(pathAndQuery)).GET().build());
    }

    HttpResponse<String> delete(String pathAndQuery) {
        return send(HttpRequest.newBuilder(uri(pathAndQuery)).DELETE().build());
    }

    HttpResponse<String> post(String pathAndQuery, String contentType, String body) {
        return send(HttpRequest.newBuilder(uri(pathAndQuery)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build());
    }

    HttpResponse<String> postJson(String pathAndQuery, String json) {
        return post(pathAndQuery, "application/json", json);
    }

    /** {@code method} with a real multipart/form-data body, as {@code curl -X method -F k=v ...} sends it. */
    HttpResponse<String> multipart(String method, String pathAndQuery, Map<String, String> fields) {
        String boundary = "------------------------" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        StringBuilder body = new StringBuilder();
        fields.forEach((k, v) -> body.append("--").append(boundary).append("\r\n")
                .append("Content-Disposition: form-data; name=\"").append(k).append("\"\r\n\r\n")
                .append(v).append("\r\n"));
        body.append("--").append(boundary).append("--\r\n");
        return send(HttpRequest.newBuilder(uri(pathAndQuery)).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .method(method, HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)).build());
    }

    /** {@code method} with an application/x-www-form-urlencoded body. */
    HttpResponse<String> urlencoded(String method, String pathAndQuery, Map<String, String> fields) {
        return send(HttpRequest.newBuilder(uri(pathAndQuery)).header("Content-Type", "application/x-www-form-urlencoded")
                .method(method, HttpRequest.BodyPublishers.ofString(query(fields), StandardCharsets.UTF_8)).build());
    }

    /** {@code k=v&...}, URL-encoded, in the map's order. */
    static String query(Map<String, String> fields) {
        StringBuilder out = new StringBuilder();
        fields.forEach((k, v) -> out.append(out.isEmpty() ? "" : "&").append(enc(k)).append('=').append(enc(v)));
        return out.toString();
    }

    static Map<String, String> fields(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
