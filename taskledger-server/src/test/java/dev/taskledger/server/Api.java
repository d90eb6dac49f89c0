package dev.taskledger.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** A small HTTP client for the tests: a base URI, default headers (the API key), and one method per verb. */
final class Api {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final URI base;
    private final Map<String, String> headers;

    Api(URI base, Map<String, String> headers) {
        this.base = base;
        this.headers = Map.copyOf(headers);
    }

    /** The same client with the API key {@code key} (null: no key). */
    Api withKey(String key) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.remove("X-API-Key");
        if (key != null) {
            h.put("X-API-Key", key);
        }
        return new Api(base, h);
    }

    /** The same client with one more default header. */
    Api with(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new Api(base, h);
    }

    Reply get(String path, String... headerPairs) {
        return send("GET", path, HttpRequest.BodyPublishers.noBody(), headerPairs);
    }

    Reply delete(String path, String... headerPairs) {
        return send("DELETE", path, HttpRequest.BodyPublishers.noBody(), headerPairs);
    }

    Reply post(String path, String json, String... headerPairs) {
        return send("POST", path, body(json), headerPairs);
    }

    /** POST with a body of {@code contentType} (forms, NDJSON). */
    Reply postTyped(String path, String contentType, String body, String... headerPairs) {
        String[] all = new String[headerPairs.length + 2];
        all[0] = "Content-Type";
        all[1] = contentType;
        System.arraycopy(headerPairs, 0, all, 2, headerPairs.length);
        return send("POST", path, HttpRequest.BodyPublishers.ofString(body), all);
    }

    Reply put(String path, String json, String... headerPairs) {
        return send("PUT", path, body(json), headerPairs);
    }

    Reply patch(String path, String json, String... headerPairs) {
        return send("PATCH", path, body(json), headerPairs);
    }

    Reply send(String method, String path, HttpRequest.BodyPublisher body, String... headerPairs) {
        try {
            HttpResponse<String> r = CLIENT.send(request(method, path, body, headerPairs), HttpResponse.BodyHandlers.ofString());
            return new Reply(method + " " + path, r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends without waiting for the answer (for long polls). */
    CompletableFuture<Reply> postAsync(String path, String json) {
        return CLIENT.sendAsync(request("POST", path, body(json)), HttpResponse.BodyHandlers.ofString())
                .thenApply(r -> new Reply("POST " + path, r.statusCode(), r.headers(), r.body()));
    }

    private HttpRequest request(String method, String path, HttpRequest.BodyPublisher body, String... headerPairs) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60)).method(method, body);
        headers.forEach(b::header);
        for (int i = 0; i < headerPairs.length; i += 2) {
            b.header(headerPairs[i], headerPairs[i + 1]);
        }
        return b.build();
    }

    private static HttpRequest.BodyPublisher body(String json) {
        return json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8);
    }
}
