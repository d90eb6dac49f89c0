package dev.taskledger.server.http;

import dev.taskledger.protocol.ProblemType;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeoutException;

/**
 * Reads request bodies: the one place a body is read, at most once per request (then kept for the request), with
 * the endpoint's size limit. Every failure is a problem: 413 when the body is (or announces itself as) larger
 * than the limit, 408 when the client stops sending it (the connection's idle timeout), 400 when the connection
 * fails while it is read.
 */
public final class Bodies {
    private static final String ATTRIBUTE = "taskledger.body";

    private Bodies() {}

    /** The whole body; see the class comment for the problems it answers. */
    public static byte[] read(Context ctx, long limit) {
        byte[] read = ctx.attribute(ATTRIBUTE);
        if (read != null) {
            if (read.length > limit) {
                throw HttpProblem.tooLarge(limit);
            }
            return read;
        }
        if (ctx.req().getContentLengthLong() > limit) {
            throw HttpProblem.tooLarge(limit);
        }
        byte[] body;
        try (InputStream in = ctx.req().getInputStream()) {
            body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
        } catch (IOException e) {
            throw readFailure(e);
        }
        if (body.length > limit) {
            throw HttpProblem.tooLarge(limit);
        }
        ctx.attribute(ATTRIBUTE, body);
        return body;
    }

    /** The problem a body that failed to arrive is: 408 when the client stopped sending it, else 400. */
    public static HttpProblem readFailure(IOException e) {
        if (causedByTimeout(e)) {
            return new HttpProblem(ProblemType.REQUEST_TIMEOUT, "the request body stopped arriving before it was complete");
        }
        return HttpProblem.badRequest("the request body could not be read: the connection failed");
    }

    private static boolean causedByTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }
}
