package dev.taskledger.server.http;

import dev.taskledger.common.Text;
import dev.taskledger.protocol.Json;
import dev.taskledger.protocol.ProblemDto;
import dev.taskledger.protocol.ProblemType;
import io.javalin.http.Context;

/**
 * Writes RFC 9457 {@code application/problem+json} responses (which {@link ProblemType} an error is:
 * {@code wire.ProblemTypes}). Every error the server sends goes through {@link #send}; route groups that detect an error themselves
 * throw {@link HttpProblem} or {@code ServiceException} instead of calling it.
 */
public final class Problems {
    /**
     * Seconds a client should wait before retrying a 503 ({@code Retry-After}): the database or this node is
     * briefly away; a short wait and a retry with the same idempotency key is the remedy (docs/api.md).
     */
    static final int RETRY_AFTER_SECONDS = 1;

    private Problems() {}

    /** Answers with a problem; {@code currentStatus} (may be null) is the task's status on a 409 about a task. */
    public static void send(Context ctx, ProblemType type, String detail, String currentStatus) {
        // a refused value echoed in the detail may hold an unpaired surrogate, which JSON output cannot encode
        ProblemDto problem = new ProblemDto(type.uri(), type.title(), type.status(), Text.printable(detail), ctx.path(),
                currentStatus, RequestIds.of(ctx));
        if (type == ProblemType.UNAVAILABLE) {
            ctx.header("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
        }
        ctx.status(type.status()).contentType(Json.PROBLEM_CONTENT_TYPE).result(Json.toBytes(problem));
    }
}
