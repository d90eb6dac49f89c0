package dev.taskledger.client;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskledger.protocol.Json;
import dev.taskledger.protocol.ProblemDto;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One HTTP exchange with the server: builds the request (auth, tenant, JSON body), sends it, and turns the
 * answer into a DTO or a typed {@link TaskledgerException}. Thread-safe; shared by every client call.
 */
final class Transport {
    private final HttpClient http;
    private final String base;
    private final String apiKey;
    private final String tenant;
    private final Duration requestTimeout;
    private final ObjectMapper mapper = Json.mapper();

    Transport(HttpClient http, URI baseUrl, String apiKey, String tenant, Duration requestTimeout) {
        String b = baseUrl.toString();
        this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
        this.http = http;
        this.apiKey = apiKey;
        this.tenant = tenant;
        this.requestTimeout = requestTimeout;
    }

    /** This transport acting for {@code otherTenant} ({@code X-Tenant}), over the same HTTP client. */
    Transport withTenant(String otherTenant) {
        return new Transport(http, URI.create(base), apiKey, otherTenant, requestTimeout);
    }

    /** The tenant sent as {@code X-Tenant}; null when none is (the key's own, or a shared worker's claim). */
    String tenant() {
        return tenant;
    }

    /** A request being described: method, path (already encoded), query, headers, body. */
    static final class Call {
        final String method;
        final String path;
        final List<String[]> query = new ArrayList<>();
        final Map<String, String> headers = new LinkedHashMap<>();
        byte[] body;
        /** A body sent as it is produced (chunked), in place of {@link #body}. */
        Supplier<InputStream> bodyStream;
        String contentType = Json.CONTENT_TYPE;
        Duration extraTimeout = Duration.ZERO;

        Call(String method, String path) {
            this.method = method;
            this.path = path;
        }

        Call query(String name, Object value) {
            if (value != null) {
                query.add(new String[] {name, value.toString()});
            }
            return this;
        }

        Call header(String name, String value) {
            if (value != null) {
                headers.put(name, value);
            }
            return this;
        }

        Call json(Object value) {
            this.body = Json.toBytes(value);
            return this;
        }

        Call body(byte[] bytes, String contentType) {
            this.body = bytes;
            this.contentType = contentType;
            return this;
        }

        /** A body of unknown length, read from a fresh stream each time the request is sent. */
        Call bodyStream(Supplier<InputStream> stream, String contentType) {
            this.bodyStream = stream;
            this.contentType = contentType;
            return this;
        }

        /** A long-poll may legitimately take this much longer than an ordinary request. */
        Call extraTimeout(Duration extra) {
            this.extraTimeout = extra;
            return this;
        }
    }

    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Sends the call and reads a 2xx body as {@code type} (null for {@code Void} or an empty body). */
    <T> T send(Call call, Class<T> type) {
        return send(call, mapper.getTypeFactory().constructType(type));
    }

    <T> T send(Call call, JavaType type) {
        HttpResponse<byte[]> response = exchange(call, HttpResponse.BodyHandlers.ofByteArray());
        byte[] body = response.body();
        if (response.statusCode() / 100 != 2) {
            throw error(response.statusCode(), body);
        }
        if (type.getRawClass() == Void.class || body == null || body.length == 0) {
            return null;
        }
        try {
            return mapper.readValue(body, type);
        } catch (IOException e) {
            throw new TransportException(call.method + " " + call.path + ": the answer (status " + response.statusCode()
                    + ") is not the expected JSON: " + e.getMessage(), e);
        }
    }

    /** Sends the call and returns the 2xx body as a stream; the caller closes it. */
    InputStream stream(Call call) {
        HttpResponse<InputStream> response = exchange(call, HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() / 100 != 2) {
            try (InputStream in = response.body()) {
                throw error(response.statusCode(), in.readAllBytes());
            } catch (IOException e) {
                throw new TransportException("reading the error answer of " + call.path + " failed: " + e.getMessage(), e);
            }
        }
        return response.body();
    }

    private <B> HttpResponse<B> exchange(Call call, HttpResponse.BodyHandler<B> handler) {
        HttpRequest request = build(call);
        // send, not sendAsync().get(): the JDK completes an async exchange on the common ForkJoinPool, so a
        // caller that starves that pool (parallelism 1 on a 2-core machine) would wait forever
        try {
            return http.send(request, handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException(call.method + " " + call.path + " was interrupted", e);
        } catch (HttpTimeoutException e) {
            throw new TransportException(call.method + " " + call.path + " timed out after "
                    + requestTimeout.plus(call.extraTimeout).toMillis() + " ms", e);
        } catch (IOException e) {
            throw new TransportException(call.method + " " + base + call.path + " failed: " + e, e);
        }
    }

    private HttpRequest build(Call call) {
        StringBuilder uri = new StringBuilder(base.length() + call.path.length() + 32).append(base).append(call.path);
        char sep = '?';
        for (String[] q : call.query) {
            uri.append(sep).append(URLEncoder.encode(q[0], StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(q[1], StandardCharsets.UTF_8));
            sep = '&';
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(uri.toString()))
                .timeout(requestTimeout.plus(call.extraTimeout))
                .header("Accept", Json.CONTENT_TYPE + ", " + Json.PROBLEM_CONTENT_TYPE + ", */*");
        if (apiKey != null) {
            b.header("Authorization", "Bearer " + apiKey);
        }
        if (tenant != null) {
            b.header("X-Tenant", tenant);
        }
        call.headers.forEach(b::header);
        if (call.body != null) {
            b.header("Content-Type", call.contentType);
            b.method(call.method, HttpRequest.BodyPublishers.ofByteArray(call.body));
        } else if (call.bodyStream != null) {
            b.header("Content-Type", call.contentType);
            b.method(call.method, HttpRequest.BodyPublishers.ofInputStream(call.bodyStream));
        } else {
            b.method(call.method, HttpRequest.BodyPublishers.noBody());
        }
        return b.build();
    }

    /** Maps an error answer to the exception of its problem ({@link TaskledgerException#of}). */
    TaskledgerException error(int status, byte[] body) {
        return TaskledgerException.of(problem(status, body));
    }

    private ProblemDto problem(int status, byte[] body) {
        if (body != null && body.length > 0) {
            try {
                ProblemDto p = mapper.readValue(body, ProblemDto.class);
                if (p.status() == 0) { // not a problem document after all
                    return new ProblemDto(p.type(), p.title(), status, p.detail(), p.instance(), p.currentStatus(), p.requestId());
                }
                return p;
            } catch (IOException | UncheckedIOException e) {
                String text = new String(body, StandardCharsets.UTF_8);
                return new ProblemDto(null, "HTTP " + status, status, text.length() > 500 ? text.substring(0, 500) : text,
                        null, null, null);
            }
        }
        return new ProblemDto(null, "HTTP " + status, status, null, null, null, null);
    }

    ObjectMapper mapper() {
        return mapper;
    }
}
