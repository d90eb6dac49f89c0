package dev.taskledger.server.http;

import io.javalin.http.Context;
import org.slf4j.MDC;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Gives every request an id: the caller's {@code X-Request-Id} when it is a sane token, else a random one.
 * It is echoed in the {@code X-Request-Id} response header, put in problem bodies, and in the logging MDC
 * (key {@code request_id}) so a client's report can be matched with the server's log line.
 */
public final class RequestIds {
    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "request_id";
    private static final String ATTRIBUTE = "taskledger.request-id";
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private RequestIds() {}

    static void assign(Context ctx) {
        String id = idFor(ctx.header(HEADER));
        ctx.attribute(ATTRIBUTE, id);
        ctx.header(HEADER, id);
        MDC.put(MDC_KEY, id);
    }

    /** The id of a request that sent {@code given} as its {@code X-Request-Id} (may be null). */
    static String idFor(String given) {
        return given != null && SANE.matcher(given).matches() ? given
                : HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    }

    static void clear() {
        MDC.remove(MDC_KEY);
    }

    /** The id of this request (null only before the first before-handler ran). */
    public static String of(Context ctx) {
        return ctx.attribute(ATTRIBUTE);
    }
}
