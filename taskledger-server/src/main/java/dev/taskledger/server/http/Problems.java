package dev.taskledger.server.http;

import dev.taskledger.protocol.Json;
import dev.taskledger.protocol.ProblemDto;
import io.javalin.http.Context;

/**
 * Writes RFC 9457 {@code application/problem+json} responses. Every error the server sends goes through
 * {@link #send}; route groups that detect an error themselves may call it directly, though throwing
 * {@link HttpProblem} or {@code TaskledgerException} is usually simpler.
 */
public final class Problems {
    /** Prefix of every problem {@code type}: URNs name the kind of problem without promising a web page. */
    public static final String TYPE_PREFIX = "urn:taskledger:problem:";

    private Problems() {}

    /**
     * Answers with a problem. {@code slug} becomes the type ({@code urn:taskledger:problem:<slug>});
     * {@code currentStatus} (may be null) is the task's status on a 409 about a task.
     */
    public static void send(Context ctx, int status, String slug, String title, String detail, String currentStatus) {
        ProblemDto problem = new ProblemDto(TYPE_PREFIX + slug, title, status, detail, ctx.path(), currentStatus,
                RequestIds.of(ctx));
        ctx.status(status).contentType(Json.PROBLEM_CONTENT_TYPE).result(Json.toBytes(problem));
    }
}
