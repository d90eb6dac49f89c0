package dev.taskledger.server.console;

import dev.taskledger.common.ServiceException;
import dev.taskledger.server.http.Access;
import dev.taskledger.server.http.RouteGroup;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The web console at {@code /ui}: a page, its script and stylesheet, and uPlot's (the webjar), read from the jar once.
 * The files need no key (they hold no data); the page asks for a key and sends it as a header on every API call, so
 * there is no cookie to forge. Every answer carries a Content-Security-Policy that allows only these files: no inline
 * script or style, no other origin, no framing.
 */
public final class ConsoleRoutes implements RouteGroup {
    public static final String PATH = "/ui";
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";
    private static final String UPLOT = "/META-INF/resources/webjars/uplot/1.6.30/dist/";

    private record Asset(String contentType, byte[] bytes) {}

    private final Asset page;
    private final Map<String, Asset> files;

    public ConsoleRoutes() {
        page = asset("/console/index.html", "text/html; charset=utf-8");
        files = Map.of(
                "console.js", asset("/console/console.js", "text/javascript; charset=utf-8"),
                "console.css", asset("/console/console.css", "text/css; charset=utf-8"),
                "uPlot.iife.min.js", asset(UPLOT + "uPlot.iife.min.js", "text/javascript; charset=utf-8"),
                "uPlot.min.css", asset(UPLOT + "uPlot.min.css", "text/css; charset=utf-8"));
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.addEndpoint(Access.publicEndpoint(HandlerType.GET, PATH, ctx -> send(ctx, page)));
        routes.addEndpoint(Access.publicEndpoint(HandlerType.GET, PATH + "/{file}", this::file));
    }

    private void file(Context ctx) {
        String name = ctx.pathParam("file");
        Asset asset = files.get(name);
        if (asset == null) {
            throw ServiceException.notFound("the console has no file " + name);
        }
        send(ctx, asset);
    }

    private static void send(Context ctx, Asset asset) {
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cache-Control", "no-cache");
        ctx.status(200).contentType(asset.contentType()).result(asset.bytes());
    }

    private static Asset asset(String resource, String contentType) {
        try (InputStream in = ConsoleRoutes.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the resource " + resource + " is missing from the build");
            }
            return new Asset(contentType, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
