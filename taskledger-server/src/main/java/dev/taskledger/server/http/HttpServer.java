package dev.taskledger.server.http;

import dev.taskledger.jobs.Service;
import dev.taskledger.server.config.ConfigException;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.util.MethodNotAllowedUtil;
import io.javalin.router.Endpoint;
import io.javalin.router.InternalRouter;
import io.javalin.util.JavalinBindException;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The HTTP server: Javalin (Jetty 12) on virtual threads, with the cross-cutting parts every
 * {@link RouteGroup} relies on: request ids, the {@link RequestFilter} (cross-site requests, foreign Host names,
 * method overrides, HEAD, body media types), authentication of every non-{@link Access#PUBLIC public} endpoint,
 * the body size limit, and problem+json for every error (including Jetty's own, so no HTML error page ever
 * leaves). Stopping is graceful: the port closes at once, requests in flight get up to
 * {@link #STOP_TIMEOUT_MS} to finish.
 */
public final class HttpServer implements Service {
    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);
    /** The largest request body accepted: 1 MiB. */
    public static final long MAX_BODY_BYTES = 1L << 20;
    /** Longer than the longest long-poll (30 s), so a waiting claim is never cut off as idle. */
    static final long IDLE_TIMEOUT_MS = 65_000;
    static final long STOP_TIMEOUT_MS = 10_000;

    private final String host;
    private final int port;
    private final Authenticator authenticator;
    private final RequestFilter filter;
    private final List<RouteGroup> groups;
    private final long idleTimeoutMs;
    private Javalin app;
    private ConnectionWatcher watcher;

    public HttpServer(String host, int port, Authenticator authenticator, RequestFilter filter, List<RouteGroup> groups) {
        this(host, port, authenticator, filter, groups, IDLE_TIMEOUT_MS);
    }

    /** With another idle timeout: tests of a stalled request need not wait the real one. */
    HttpServer(String host, int port, Authenticator authenticator, RequestFilter filter, List<RouteGroup> groups,
               long idleTimeoutMs) {
        this.host = host;
        this.port = port;
        this.authenticator = authenticator;
        this.filter = filter;
        this.groups = List.copyOf(groups);
        this.idleTimeoutMs = idleTimeoutMs;
    }

    /** Starts listening; a {@link ConfigException} (exit code 2) when the address cannot be listened on. */
    @Override
    public synchronized void start() {
        if (app != null) {
            return;
        }
        requireAddressFree();
        ConnectionWatcher connections = ConnectionWatcher.start();
        try {
            Javalin created = Javalin.create(config -> configure(config, connections));
            try {
                created.start();
            } catch (JavalinBindException e) { // taken between the check and the start
                throw cannotListen(e.getMessage());
            }
            app = created;
            watcher = connections;
        } catch (RuntimeException e) {
            connections.close();
            throw e;
        }
    }

    /**
     * Binds and releases the address first, so a port in use is one clear start-up error (Javalin would log its own
     * error line before failing). Jetty binds with SO_REUSEADDR too, so this check answers as Jetty's bind would.
     */
    private void requireAddressFree() {
        if (port == 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw cannotListen(e.getMessage());
        }
    }

    private ConfigException cannotListen(String reason) {
        return new ConfigException("cannot listen on " + host + ":" + port + ": " + reason
                + " (is another process using the port? set PORT, or HOST, to a free address)");
    }

    private void configure(JavalinConfig config, ConnectionWatcher connections) {
        config.startup.showJavalinBanner = false;
        config.startup.showOldJavalinVersionWarning = false;
        config.concurrency.useVirtualThreads = true;
        config.http.maxRequestSize = MAX_BODY_BYTES;
        config.http.prefer405over404 = true;
        config.http.generateEtags = false;
        config.appData(Requests.AUTHENTICATOR, authenticator);
        config.appData(ConnectionWatcher.KEY, connections);
        config.jetty.addConnector((server, httpConfig) -> {
            ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(httpConfig));
            connector.setHost(host);
            connector.setPort(port);
            connector.setIdleTimeout(idleTimeoutMs);
            return connector;
        });
        config.jetty.modifyServer(server -> {
            server.setHandler(new GracefulHandler()); // Javalin nests its servlet handler inside this wrapper
            server.setStopTimeout(STOP_TIMEOUT_MS);
            server.setErrorHandler(new JettyErrorHandler());
        });
        config.router.handlerWrapper(this::authenticating);
        config.router.javaLangErrorHandler(ErrorMapping::fatal);
        ErrorMapping.install(config.routes);
        config.routes.before(ctx -> RequestIds.assign(ctx));
        config.routes.before(FormFields::query); // a query string that is not UTF-8 or badly escaped is a 400 on every route
        config.routes.before(filter::checkBeforeRouting);
        // after matching (so the metrics' timer runs, and the endpoint's Accepts is known), before authentication
        config.routes.beforeMatched(ctx -> filter.check(ctx, path -> allowedMethods(config.unsafe.internalRouter, path)));
        // after matching, so an endpoint can carry a larger BodyLimit (the ledger's bulk routes)
        config.routes.beforeMatched(ctx -> {
            long limit = BodyLimit.of(ctx.endpoints().matchedHttpEndpoint());
            if (ctx.req().getContentLengthLong() > limit) {
                throw HttpProblem.tooLarge(limit);
            }
        });
        config.routes.after(ctx -> RequestIds.clear());
        for (RouteGroup group : groups) {
            group.addTo(config.routes);
        }
    }

    /** The methods {@code path} answers, as the {@code Allow} header lists them ({@code GET, POST}). */
    private static String allowedMethods(InternalRouter router, String path) {
        return MethodNotAllowedUtil.INSTANCE.findAvailableHttpHandlerTypes(router, path).stream()
                .filter(HandlerType::isHttpMethod).filter(t -> t != HandlerType.HEAD).map(HandlerType::name)
                .distinct().collect(Collectors.joining(", "));
    }

    /** Wraps each HTTP endpoint so the caller is authenticated before its handler runs, unless it is public. */
    private Handler authenticating(Endpoint endpoint) {
        Handler handler = endpoint.handler;
        if (!endpoint.method.isHttpMethod() || Access.isPublic(endpoint)) {
            return handler;
        }
        boolean forWorkers = Access.isForWorkers(endpoint);
        return ctx -> {
            if (forWorkers) {
                Requests.markWorkerEndpoint(ctx);
            }
            Authenticator.Caller caller = Requests.caller(ctx);
            if (caller.isSharedWorker() && !forWorkers) {
                throw HttpProblem.forbidden("a worker key may only claim, and heartbeat, complete, fail or release what it"
                        + " claimed; it cannot read, list or change anything else");
            }
            handler.handle(ctx);
        };
    }

    /** The HTTP endpoints of the running server ({@code /openapi.yaml} is checked against them). */
    public synchronized List<Endpoint> endpoints() {
        if (app == null) {
            throw new IllegalStateException("the HTTP server is not started");
        }
        return app.unsafe.internalRouter.allHttpHandlers().stream().map(p -> p.endpoint)
                .filter(e -> e.method.isHttpMethod()).toList();
    }

    /** The port actually listened on (the chosen one when configured as 0). */
    public synchronized int port() {
        if (app == null) {
            throw new IllegalStateException("the HTTP server is not started");
        }
        return app.port();
    }

    @Override
    public synchronized void stop() {
        if (app == null) {
            return;
        }
        LOG.info("HTTP server stopping: no new connections; requests in flight get up to {} ms", STOP_TIMEOUT_MS);
        app.stop();
        app = null;
        watcher.close();
        watcher = null;
    }
}
