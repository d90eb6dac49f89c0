package dev.taskledger.server.http;

import java.util.Map;

/**
 * An error the HTTP layer itself decides (authentication, malformed JSON, body size, bad query parameters),
 * as opposed to the rule violations services raise as {@code TaskledgerException}. {@link ErrorMapping}
 * turns it into a problem+json response with {@link #headers()} added.
 */
public final class HttpProblem extends RuntimeException {
    private final int status;
    private final String slug;
    private final String title;
    private final Map<String, String> headers;

    public HttpProblem(int status, String slug, String title, String detail, Map<String, String> headers) {
        super(detail, null, false, false); // expected outcomes: no stack trace to fill
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.headers = Map.copyOf(headers);
    }

    public static HttpProblem badRequest(String detail) {
        return new HttpProblem(400, "bad-request", "Bad request", detail, Map.of());
    }

    public static HttpProblem malformedJson(String detail) {
        return new HttpProblem(400, "malformed-json", "Malformed JSON", detail, Map.of());
    }

    public static HttpProblem unauthorized(String detail) {
        return new HttpProblem(401, "unauthorized", "Unauthorized", detail, Map.of("WWW-Authenticate", "Bearer"));
    }

    public static HttpProblem forbidden(String detail) {
        return new HttpProblem(403, "forbidden", "Forbidden", detail, Map.of());
    }

    public static HttpProblem tooLarge(long maxBytes) {
        return new HttpProblem(413, "payload-too-large", "Payload too large",
                "the request body is larger than " + maxBytes + " bytes", Map.of());
    }

    public static HttpProblem invalid(String detail) {
        return new HttpProblem(422, "invalid-value", "Invalid field value", detail, Map.of());
    }

    public int status() {
        return status;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
