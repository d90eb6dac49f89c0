package dev.taskledger.server.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** {@code GET /openapi.yaml}: the hand-written OpenAPI 3.1 description of this API (a resource), public. */
public final class OpenApiRoutes implements RouteGroup {
    public static final String PATH = "/openapi.yaml";
    static final String RESOURCE = "/openapi.yaml";
    private final byte[] document;

    public OpenApiRoutes() {
        try (InputStream in = OpenApiRoutes.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the resource " + RESOURCE + " is missing from the build");
            }
            document = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.addEndpoint(Access.publicEndpoint(HandlerType.GET, PATH, this::serve));
    }

    private void serve(Context ctx) {
        ctx.status(200).contentType("application/yaml; charset=utf-8").result(document);
    }
}
