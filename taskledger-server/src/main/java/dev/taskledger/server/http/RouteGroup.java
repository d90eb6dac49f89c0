package dev.taskledger.server.http;

import io.javalin.config.RoutesConfig;

/**
 * A set of HTTP routes that plugs into the {@link HttpServer}: the seam through which each part of the API
 * (queue, ledger, system, ...) adds its endpoints without the server knowing them.
 *
 * <h2>Writing a group</h2>
 * <pre>{@code
 * public final class LedgerRoutes implements RouteGroup {
 *     private final LedgerService ledger;
 *     public LedgerRoutes(LedgerService ledger) { this.ledger = ledger; }
 *
 *     @Override
 *     public void addTo(RoutesConfig routes) {
 *         routes.get("/api/v1/ledger/summary", ctx -> {
 *             String tenant = Requests.tenant(ctx);           // authenticated caller's tenant
 *             Responses.json(ctx, 200, toDto(ledger.summary(tenant, Requests.query(ctx, "task_name"))));
 *         });
 *         // an endpoint that needs no API key (like the replic ledger's curl scripts) is registered as public:
 *         routes.addEndpoint(Access.publicEndpoint(HandlerType.POST, "/mrtreplic/task", this::record));
 *     }
 * }
 * }</pre>
 * Register it in {@code dev.taskledger.server.Application#routeGroups}, the one list of groups.
 *
 * <h2>What every route gets for free</h2>
 * <ul>
 *   <li>Authentication: every endpoint requires an API key unless registered through
 *       {@link Access#publicEndpoint}; {@link Requests#tenant} returns the caller's tenant (on a public
 *       endpoint it authenticates on first use).</li>
 *   <li>Errors: throw {@code TaskledgerException} (mapped by kind), {@link HttpProblem}, or let a
 *       {@code StoreException} escape; each becomes {@code application/problem+json}. {@link Problems#send}
 *       writes one directly.</li>
 *   <li>Bodies: {@link JsonBodies#read} decodes a JSON body into a DTO with the 1 MiB limit, 400 on malformed
 *       JSON (or bytes that are not UTF-8) and 422 on values of the wrong type. {@link FormFields#body} and
 *       {@link Requests#query} give form fields and query parameters, decoded strictly; never read them with
 *       Javalin's {@code ctx.formParam}/{@code ctx.queryParam}, which replace bytes that are not UTF-8. An endpoint
 *       takes JSON bodies only unless it is registered with {@link Accepts} (e.g. {@code Accepts.FORMS.on(endpoint)});
 *       other labels are a 415.</li>
 *   <li>Protection from web pages ({@link RequestFilter}): cross-origin writes, foreign Host names in keyless mode,
 *       method overrides and HEAD are refused before the handler runs.</li>
 *   <li>A request id in the logging MDC and the {@code X-Request-Id} header.</li>
 * </ul>
 */
public interface RouteGroup {
    /** Declares this group's endpoints (and only endpoints: error mapping and auth belong to the server). */
    void addTo(RoutesConfig routes);
}
