package dev.taskledger.server.http;

import dev.taskledger.protocol.ProblemType;

import java.util.Map;

/**
 * An error the HTTP layer itself decides (authentication, malformed JSON, body size, bad query parameters),
 * as opposed to the rule violations services raise as {@code TaskledgerException}. {@link ErrorMapping}
 * turns it into a problem+json response with {@link #headers()} added.
 */
public final class HttpProblem extends RuntimeException {
    private final ProblemType type;
    private final Map<String, String> headers;

    public HttpProblem(ProblemType type, String detail, Map<String, String> headers) {
        super(detail, null, false, false); // expected outcomes: no stack trace to fill
        this.type = type;
        this.headers = Map.copyOf(headers);
    }

    public HttpProblem(ProblemType type, String detail) {
        this(type, detail, Map.of());
    }

    public static HttpProblem badRequest(String detail) {
        return new HttpProblem(ProblemType.BAD_REQUEST, detail);
    }

    public static HttpProblem malformedJson(String detail) {
        return new HttpProblem(ProblemType.MALFORMED_JSON, detail);
    }

    public static HttpProblem unauthorized(String detail) {
        return new HttpProblem(ProblemType.UNAUTHORIZED, detail, Map.of("WWW-Authenticate", "Bearer"));
    }

    public static HttpProblem forbidden(String detail) {
        return new HttpProblem(ProblemType.FORBIDDEN, detail);
    }

    public static HttpProblem tooLarge(long maxBytes) {
        return new HttpProblem(ProblemType.PAYLOAD_TOO_LARGE, "the request body is larger than " + maxBytes + " bytes");
    }

    public static HttpProblem invalid(String detail) {
        return new HttpProblem(ProblemType.INVALID_VALUE, detail);
    }

    public ProblemType type() {
        return type;
    }

    public int status() {
        return type.status();
    }

    public Map<String, String> headers() {
        return headers;
    }
}
