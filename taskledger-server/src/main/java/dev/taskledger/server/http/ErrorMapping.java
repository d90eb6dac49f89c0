package dev.taskledger.server.http;

import dev.taskledger.common.ServiceException;
import dev.taskledger.protocol.Json;
import dev.taskledger.protocol.ProblemType;
import dev.taskledger.store.StoreException;
import dev.taskledger.wire.ProblemTypes;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.MethodNotAllowedResponse;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Turns every exception a handler can throw into a problem+json response; nothing else (and never a stack
 * trace) reaches a client. Service rule violations ({@link ServiceException}) map by kind, store
 * failures by subtype, Javalin's own responses (unknown route 404, wrong method 405, body too large 413)
 * keep their status, and anything unexpected is a 500 logged with the request id.
 */
final class ErrorMapping {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapping.class);
    /**
     * How much of a refused body is read (and dropped) so a client still uploading can receive the 413. A body
     * announced larger than this is answered at once, with Connection: close: reading it would only let a client
     * make the server read that much junk.
     */
    static final long DISCARD_LIMIT = 8L * 1024 * 1024;

    private ErrorMapping() {}

    static void install(RoutesConfig routes) {
        routes.exception(ServiceException.class, ErrorMapping::service);
        routes.exception(HttpProblem.class, ErrorMapping::http);
        routes.exception(StoreException.class, ErrorMapping::store);
        routes.exception(HttpResponseException.class, ErrorMapping::javalin);
        routes.exception(InterruptedException.class, (e, ctx) -> {
            Thread.currentThread().interrupt();
            Problems.send(ctx, ProblemType.UNAVAILABLE, "the server is shutting down; try again", null);
        });
        routes.exception(Exception.class, ErrorMapping::unexpected);
    }

    private static void service(ServiceException e, Context ctx) {
        Problems.send(ctx, ProblemTypes.typeOf(e), e.getMessage(), ProblemTypes.currentStatusOf(e));
    }

    private static void http(HttpProblem e, Context ctx) {
        if (e.status() == 413) {
            discardRestOfBody(ctx);
        }
        e.headers().forEach(ctx::header);
        Problems.send(ctx, e.type(), e.getMessage(), null);
    }

    /** A conflict the store's retries could not resolve is the caller's to try again; so is an outage. */
    private static void store(StoreException e, Context ctx) {
        ProblemType type = ProblemTypes.typeOf(e);
        if (type == ProblemType.UNAVAILABLE) {
            unavailable(e, ctx);
        } else {
            Problems.send(ctx, type, e.getMessage(), null);
        }
    }

    private static void unavailable(StoreException e, Context ctx) {
        LOG.warn("database unavailable during {} {}: {}", ctx.method(), ctx.path(), e.toString());
        Problems.send(ctx, ProblemType.UNAVAILABLE, "the database is not available at the moment; try again later", null);
    }

    private static void javalin(HttpResponseException e, Context ctx) {
        int status = e.getStatus();
        String detail = e.getMessage();
        if (status == 404) {
            detail = "no endpoint " + ctx.method() + " " + ctx.path();
        } else if (e instanceof MethodNotAllowedResponse) {
            String allowed = e.getDetails().values().stream().findFirst().orElse("").replaceAll("[\\[\\]]", "");
            if (!allowed.isBlank()) {
                ctx.header("Allow", allowed.toUpperCase(Locale.ROOT));
            }
            detail = ctx.method() + " is not allowed on " + ctx.path() + (allowed.isBlank() ? "" : "; allowed: " + allowed);
        } else if (status == 413) {
            HttpProblem tooLarge = HttpProblem.tooLarge(HttpServer.MAX_BODY_BYTES);
            http(tooLarge, ctx);
            return;
        }
        Problems.send(ctx, ProblemType.forStatus(status), detail, null);
    }

    /**
     * Reads and discards what is left of a refused body (up to {@link #DISCARD_LIMIT} bytes). A client is
     * usually still sending when the 413 is decided; closing a connection with unread data makes TCP reset
     * it, and the client then loses the answer. Beyond the limit the connection is closed after the answer.
     */
    private static void discardRestOfBody(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        boolean drained = false;
        if (declared <= DISCARD_LIMIT) {
            try {
                InputStream in = ctx.req().getInputStream();
                byte[] buffer = new byte[64 * 1024];
                long total = 0;
                for (int n = in.read(buffer); ; n = in.read(buffer)) {
                    if (n < 0) {
                        drained = true;
                        break;
                    }
                    total += n;
                    if (total > DISCARD_LIMIT) {
                        break;
                    }
                }
            } catch (IOException | RuntimeException e) {
                LOG.debug("could not discard the rest of a refused body: {}", e.toString());
            }
        }
        if (!drained) {
            ctx.header("Connection", "close");
        }
    }

    private static void unexpected(Exception e, Context ctx) {
        LOG.error("request {} {} {} failed unexpectedly", RequestIds.of(ctx), ctx.method(), ctx.path(), e);
        Problems.send(ctx, ProblemType.INTERNAL,
                "the server failed to handle the request; the log has details under request id " + RequestIds.of(ctx), null);
    }

    /**
     * For {@link Error}s (out of memory, stack overflow), where Javalin gives us only the raw response. The request id
     * comes from the logging context, where {@link RequestIds} put it (a sane token: safe to write into JSON as is).
     */
    static void fatal(HttpServletResponse res, Error error) {
        LOG.error("request failed with {}", error.toString(), error);
        String requestId = RequestIds.idFor(MDC.get(RequestIds.MDC_KEY));
        try {
            if (!res.isCommitted()) {
                res.reset();
                res.setStatus(500);
                res.setContentType(Json.PROBLEM_CONTENT_TYPE);
                res.setHeader(RequestIds.HEADER, requestId);
                res.getOutputStream().write(("{\"type\":\"" + ProblemType.INTERNAL.uri() + "\",\"title\":\"Internal server error\","
                        + "\"status\":500,\"detail\":\"the server failed to handle the request\",\"request_id\":\"" + requestId + "\"}")
                        .getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException | RuntimeException ignored) {
            // the connection is beyond saving; the error is logged above
        }
    }
}
