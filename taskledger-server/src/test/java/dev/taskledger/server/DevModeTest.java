package dev.taskledger.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskledger.server.config.Config;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Loopback without any API key: every request is tenant default, and X-Tenant picks another (handy for tests). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DevModeTest {
    private Backend backend;
    private Application app;
    private Api api;

    @BeforeAll
    void start() {
        backend = Backend.sqlite();
        app = Application.start(Config.fromEnv(Map.of("PORT", "0", "TASKLEDGER_DB_URL", backend.env().get("TASKLEDGER_DB_URL"))));
        api = new Api(URI.create("http://127.0.0.1:" + app.port()), Map.of());
    }

    @AfterAll
    void stop() {
        app.close();
        backend.cleanup();
    }

    @Test
    void requestsWithoutAKey_actForTenantDefault_andXTenantChoosesAnother() {
        JsonNode mine = api.post("/api/v1/tasks", "{\"type\":\"dev\"}").expect(201);
        JsonNode theirs = api.post("/api/v1/tasks", "{\"type\":\"dev\"}", "X-Tenant", "team-a").expect(201);

        assertThat(mine.path("tenant").asText()).isEqualTo("default");
        assertThat(theirs.path("tenant").asText()).isEqualTo("team-a");
        api.get("/api/v1/tasks/" + theirs.path("id").asText()).expectProblem(404);
        api.get("/api/v1/tasks/" + theirs.path("id").asText(), "X-Tenant", "team-a").expect(200);
        api.get("/api/v1/tasks", "X-Tenant", "no spaces please").expectProblem(400);
    }
}
