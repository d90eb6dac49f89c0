package dev.taskledger.server.http;

import dev.taskledger.protocol.ProblemType;
import dev.taskledger.server.config.Config;
import io.javalin.http.Context;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Refuses, before authentication and before any handler runs, the requests that a web page could make a
 * browser send to this server, and the HTTP features that would let one request act as another:
 * <ol>
 *   <li>{@code X-HTTP-Method-Override} (which Javalin would honour: a GET could delete) → 400.</li>
 *   <li>{@code HEAD} → 405 (Javalin answers it for every GET route without running the route, so without
 *       authentication; GET is the way to ask).</li>
 *   <li>In keyless mode, a {@code Host} that is not one of this server's names ({@link #hostNames}) → 403: a page
 *       of another site whose name the attacker points at 127.0.0.1 (DNS rebinding) reaches the server under the
 *       attacker's name.</li>
 *   <li>A write (POST, PUT, PATCH, DELETE) sent by a page of another origin: an {@code Origin} header that is not
 *       this server's own (scheme, name and port of the {@code Host} it was sent to), or
 *       {@code Sec-Fetch-Site: cross-site|same-site} → 403. curl, the Java client and other programs send neither
 *       header, so they are not affected.</li>
 *   <li>A body labelled with a media type the endpoint does not take ({@link Accepts}) → 415: JSON endpoints
 *       take JSON only, so a page's {@code text/plain} or form post cannot reach them.</li>
 * </ol>
 * No CORS headers are sent, so a browser also refuses to show another origin's page any answer.
 */
public final class RequestFilter {
    static final String METHOD_OVERRIDE = "X-HTTP-Method-Override";
    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final List<String> LOOPBACK_NAMES = List.of("localhost", "127.0.0.1", "::1");

    /** The host names a request may be sent to (lowercase, IPv6 without brackets); null when any is fine. */
    private final Set<String> hostNames;

    /** @param hostNames the names the {@code Host} header may carry (any port); null to accept every name */
    public RequestFilter(Set<String> hostNames) {
        this.hostNames = hostNames == null ? null : Collections.unmodifiableSet(new LinkedHashSet<>(hostNames));
    }

    /**
     * The filter for {@code config}: with API keys configured any {@code Host} is served (a page that rebinds a name
     * to the server still has no key); without keys only loopback names, {@code HOST} and
     * {@code TASKLEDGER_ALLOWED_HOSTS}.
     */
    public static RequestFilter of(Config config) {
        if (config.authEnabled()) {
            return new RequestFilter(null);
        }
        Set<String> names = new LinkedHashSet<>(LOOPBACK_NAMES);
        names.add(normalizeName(config.host()));
        config.allowedHosts().forEach(name -> names.add(normalizeName(name)));
        return new RequestFilter(names);
    }

    /**
     * Checks every request before routing (Javalin routes by the overriding method, so an override could otherwise
     * end in a misleading 404 or 405); throws {@link HttpProblem} to refuse it.
     */
    void checkBeforeRouting(Context ctx) {
        if (ctx.header(METHOD_OVERRIDE) != null) {
            throw HttpProblem.badRequest(METHOD_OVERRIDE + " is not supported: send the request with the method itself");
        }
    }

    /**
     * Checks a request whose route matched; throws {@link HttpProblem} to refuse it.
     *
     * @param allowedMethods the methods a path has, for the {@code Allow} header of a refused HEAD
     */
    void check(Context ctx, Function<String, String> allowedMethods) {
        String method = ctx.req().getMethod();
        if (method.equals("HEAD")) {
            String allow = allowedMethods.apply(ctx.path());
            throw new HttpProblem(ProblemType.METHOD_NOT_ALLOWED, "HEAD is not supported; use GET"
                    + (allow.isEmpty() ? "" : " (allowed: " + allow + ")"), allow.isEmpty() ? Map.of() : Map.of("Allow", allow));
        }
        String host = ctx.header("Host");
        if (hostNames != null && host != null && !hostNames.contains(nameOf(host))) {
            throw HttpProblem.forbidden("this server does not answer to the name '" + host + "': without API keys it only"
                    + " serves requests sent to " + String.join(", ", hostNames) + " (add a name with TASKLEDGER_ALLOWED_HOSTS)");
        }
        if (WRITES.contains(method)) {
            refuseCrossSite(ctx, host);
        }
        refuseUnsupportedBody(ctx);
    }

    private static void refuseCrossSite(Context ctx, String host) {
        String origin = ctx.header("Origin");
        if (origin != null && !sameOrigin(origin, host)) {
            throw HttpProblem.forbidden("a web page of another origin (" + origin + ") may not change anything here;"
                    + " this API serves programs, which send no Origin header");
        }
        String site = ctx.header("Sec-Fetch-Site");
        if (site != null && (site.equalsIgnoreCase("cross-site") || site.equalsIgnoreCase("same-site"))) {
            throw HttpProblem.forbidden("a web page of another site (Sec-Fetch-Site: " + site + ") may not change anything here");
        }
    }

    private static void refuseUnsupportedBody(Context ctx) {
        boolean hasBody = ctx.req().getContentLengthLong() > 0 || ctx.header("Transfer-Encoding") != null;
        String mediaType = Accepts.mediaType(ctx.contentType());
        if (!hasBody || mediaType.isEmpty()) {
            return;
        }
        Accepts accepts = Accepts.of(ctx.endpoints().matchedHttpEndpoint());
        if (!accepts.allows(mediaType)) {
            throw new HttpProblem(ProblemType.UNSUPPORTED_MEDIA_TYPE, ctx.method() + " " + ctx.path() + " takes "
                    + accepts.describe() + ", not " + mediaType
                    + (mediaType.equals("application/x-www-form-urlencoded") ? " (curl -d sends that label: add -H 'Content-Type: application/json')" : ""));
        }
    }

    /** Whether {@code origin} (scheme://name[:port]) is the origin of a request sent to {@code host} (name[:port]). */
    static boolean sameOrigin(String origin, String host) {
        if (host == null) {
            return false;
        }
        URI uri;
        try {
            uri = new URI(origin.trim());
        } catch (URISyntaxException e) {
            return false;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        int defaultPort = scheme.equals("https") ? 443 : scheme.equals("http") ? 80 : -1;
        if (defaultPort < 0 || uri.getHost() == null) {
            return false; // "null" (a sandboxed or file: page) and anything that is no web origin
        }
        int originPort = uri.getPort() < 0 ? defaultPort : uri.getPort();
        int hostPort = portOf(host);
        return normalizeName(uri.getHost()).equals(nameOf(host)) && originPort == (hostPort < 0 ? defaultPort : hostPort);
    }

    /** The name part of a {@code Host} header, lowercase, an IPv6 address without its brackets. */
    static String nameOf(String host) {
        String h = host.trim();
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end < 0 ? h.toLowerCase(Locale.ROOT) : h.substring(1, end).toLowerCase(Locale.ROOT);
        }
        int colon = h.indexOf(':');
        return (colon < 0 ? h : h.substring(0, colon)).toLowerCase(Locale.ROOT);
    }

    /** The port of a {@code Host} header; -1 when it names none (or an invalid one). */
    private static int portOf(String host) {
        String h = host.trim();
        int colon = h.startsWith("[") ? h.indexOf(':', Math.max(0, h.indexOf(']'))) : h.indexOf(':');
        if (colon < 0) {
            return -1;
        }
        try {
            return Integer.parseInt(h.substring(colon + 1));
        } catch (NumberFormatException e) {
            return -2; // matches no origin
        }
    }

    private static String normalizeName(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        return n.startsWith("[") && n.endsWith("]") ? n.substring(1, n.length() - 1) : n;
    }
}
