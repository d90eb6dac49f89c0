package dev.taskledger.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskledger.server.config.Config;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.awaitility.Awaitility.await;

/**
 * Starts the real server (the {@link Application} wiring {@code Main} uses) on a random port against the
 * subclass's {@link Backend}, once per test class, and talks to it over HTTP. Tests isolate themselves by
 * using fresh task types ({@link #newType()}), so they may share the server.
 *
 * <p>Tenants: {@code acme} (key {@code acme-key}, the default client {@link #api}), {@code globex}
 * ({@code globex-key}), seed 001's {@code API_KEY} {@code dev-key} for tenant {@code default}, and the
 * admin key {@code admin-key}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ApiTestBase {
    static final String ACME_KEY = "acme-key";
    static final String GLOBEX_KEY = "globex-key";
    static final String DEV_KEY = "dev-key";
    static final String ADMIN_KEY = "admin-key";

    protected Backend backend;
    protected Application app;
    protected Api anonymous;
    protected Api api;

    protected abstract Backend newBackend();

    @BeforeAll
    void startServer() {
        backend = newBackend();
        Map<String, String> env = new HashMap<>(backend.env());
        env.put("HOST", "127.0.0.1");
        env.put("PORT", "0");
        env.put("TASKLEDGER_API_KEYS", "acme=" + ACME_KEY + ", globex=" + GLOBEX_KEY);
        env.put("API_KEY", DEV_KEY);
        env.put("TASKLEDGER_ADMIN_KEY", ADMIN_KEY);
        env.put("TASKLEDGER_LEASE_CHECK_MS", "100");
        configure(env);
        try {
            app = Application.start(Config.fromEnv(env));
        } catch (RuntimeException e) {
            backend.cleanup();
            throw e;
        }
        anonymous = new Api(URI.create("http://127.0.0.1:" + app.port()), Map.of());
        api = anonymous.withKey(ACME_KEY);
    }

    @AfterAll
    void stopServer() {
        if (app != null) {
            app.close();
        }
        if (backend != null) {
            backend.cleanup();
        }
    }

    /** Adds a contract's own configuration to the server's environment; none by default. */
    protected void configure(Map<String, String> env) {
    }

    /** A task type no other test uses. */
    static String newType() {
        return "type-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * {@code count} long-polling claims of {@code type} as acme (workers {@code w0}, {@code w1}, …), returned
     * once none of them has answered for half a second: they are waiting.
     */
    List<CompletableFuture<Reply>> waitingClaims(String type, int count, int waitSeconds) {
        List<CompletableFuture<Reply>> waiting = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            waiting.add(api.postAsync("/api/v1/tasks/claim", "{\"types\":[\"" + type + "\"],\"worker\":\"w" + i + "\","
                    + "\"wait_seconds\":" + waitSeconds + "}"));
        }
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(10))
                .until(() -> waiting.stream().noneMatch(CompletableFuture::isDone));
        return waiting;
    }

    /** Creates a task of {@code type} with the given extra JSON members (may be empty) as acme; expects 201. */
    JsonNode create(String type, String extraMembers) {
        String body = "{\"type\":\"" + type + "\"" + (extraMembers.isEmpty() ? "" : "," + extraMembers) + "}";
        return api.post("/api/v1/tasks", body).expect(201);
    }

    /** Claims one task of {@code type} for {@code worker} as acme; expects exactly one. */
    JsonNode claimOne(String type, String worker) {
        JsonNode tasks = api.post("/api/v1/tasks/claim", "{\"types\":[\"" + type + "\"],\"worker\":\"" + worker + "\"}")
                .expect(200).path("tasks");
        org.assertj.core.api.Assertions.assertThat(tasks.size()).as("claimed tasks of %s", type).isEqualTo(1);
        return tasks.get(0);
    }

    /** The ids of every page of {@code query} (limit 2), following next_cursor. */
    List<String> allPages(String query) {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = api.get("/api/v1/tasks?" + query + "&limit=2" + (cursor == null ? "" : "&cursor=" + cursor)).expect(200);
            org.assertj.core.api.Assertions.assertThat(page.path("tasks").size()).isLessThanOrEqualTo(2);
            page.path("tasks").forEach(t -> seen.add(t.path("id").asText()));
            cursor = page.path("next_cursor").isNull() ? null
                    : URLEncoder.encode(page.path("next_cursor").asText(), StandardCharsets.UTF_8);
        } while (cursor != null);
        return seen;
    }

    static String taskPath(JsonNode task) {
        return "/api/v1/tasks/" + task.path("id").asText();
    }
}
