package dev.taskledger.server.http;

import dev.taskledger.server.config.Config;
import dev.taskledger.server.config.TenantNames;
import dev.taskledger.server.config.WorkerKeys;
import io.javalin.http.Context;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

/**
 * Maps a request's API key ({@code Authorization: Bearer <key>} or {@code X-API-Key: <key>}) to the tenant
 * it acts for. A tenant key acts for its tenant only; the admin key acts for the tenant named in
 * {@code X-Tenant} (default {@code default}). With no key configured (loopback dev mode) every request acts
 * for {@code X-Tenant} or {@code default}. A worker key ({@code TASKLEDGER_WORKER_KEYS}) acts for the tenant named in
 * {@code X-Tenant} when it serves that tenant, or for none (a shared claim across its tenants) without one; it may
 * call the worker endpoints only ({@link Access#WORKER}, checked by {@code HttpServer}).
 *
 * <p>Keys are kept and compared as SHA-256 digests, so lookup time does not depend on how much of a guessed
 * key is right.
 */
public final class Authenticator {
    public static final String TENANT_HEADER = "X-Tenant";
    public static final String KEY_HEADER = "X-API-Key";

    private final Map<String, String> tenantByDigest = new HashMap<>();
    private final Map<String, WorkerKeys.Worker> workerByDigest = new HashMap<>();
    private final String adminDigest;
    private final boolean enabled;

    public Authenticator(Config config) {
        config.tenantKeys().forEach((key, tenant) -> tenantByDigest.put(digest(key), tenant));
        config.workerKeys().forEach((key, worker) -> workerByDigest.put(digest(key), worker));
        this.adminDigest = config.adminKey() == null ? null : digest(config.adminKey());
        this.enabled = config.authEnabled();
    }

    /** The caller of this request, or an {@link HttpProblem} (401 no or unknown key, 403 foreign X-Tenant, 400 bad X-Tenant). */
    public Caller authenticate(Context ctx) {
        String requested = requestedTenant(ctx);
        if (!enabled) {
            return new Caller(requested == null ? TenantNames.DEFAULT : requested, false, null);
        }
        String key = presentedKey(ctx);
        if (key == null) {
            throw HttpProblem.unauthorized("an API key is required: send 'Authorization: Bearer <key>' or 'X-API-Key: <key>'");
        }
        String digest = digest(key);
        if (MessageDigest.isEqual(digest.getBytes(StandardCharsets.US_ASCII),
                adminDigest == null ? new byte[0] : adminDigest.getBytes(StandardCharsets.US_ASCII))) {
            return new Caller(requested == null ? TenantNames.DEFAULT : requested, true, null);
        }
        WorkerKeys.Worker worker = workerByDigest.get(digest);
        if (worker != null) {
            if (requested != null && !worker.serves(requested)) {
                throw HttpProblem.forbidden("worker '" + worker.name() + "' does not serve tenant '" + requested + "'");
            }
            return new Caller(requested, false, worker);
        }
        String tenant = tenantByDigest.get(digest);
        if (tenant == null) {
            throw HttpProblem.unauthorized("the API key is not valid");
        }
        if (requested != null && !requested.equals(tenant)) {
            throw HttpProblem.forbidden("this API key acts for tenant '" + tenant + "' only; acting for another tenant with "
                    + TENANT_HEADER + " needs the admin key");
        }
        return new Caller(tenant, false, null);
    }

    private static String requestedTenant(Context ctx) {
        String requested = ctx.header(TENANT_HEADER);
        if (requested == null || requested.isBlank()) {
            return null;
        }
        requested = requested.trim();
        if (!TenantNames.isValid(requested)) {
            throw HttpProblem.badRequest(TENANT_HEADER + " is not a valid tenant name: " + TenantNames.rule());
        }
        return requested;
    }

    private static String presentedKey(Context ctx) {
        String authorization = ctx.header("Authorization");
        if (authorization != null && authorization.length() > 7
                && authorization.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            String key = authorization.substring(7).trim();
            if (!key.isEmpty()) {
                return key;
            }
        }
        String key = ctx.header(KEY_HEADER);
        return key == null || key.isBlank() ? null : key.trim();
    }

    private static String digest(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /**
     * Who is calling: the tenant the request acts for, whether it used the admin key, and the shared worker whose
     * key it used (null for a tenant or the admin key). A worker's tenant is null when it named none ({@code X-Tenant}):
     * its claim then serves all of its tenants, and any other call is refused.
     */
    public record Caller(String tenant, boolean admin, WorkerKeys.Worker worker) {
        public boolean isSharedWorker() {
            return worker != null;
        }
    }
}
