package dev.taskledger.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskledger.protocol.ProblemType;
import dev.taskledger.server.config.Config;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A database that stops answering (behind {@link SilentDatabaseProxy}): {@code /health} answers 503 within its own
 * timeout, a request answers 503 {@code unavailable} within the connect timeout (HikariCP's default, 30 s, held
 * both for that long before), and both recover when the database answers again. Once per networked backend.
 */
abstract class DatabaseOutageContract {
    private static final Pattern HOST_PORT = Pattern.compile("//(?:[^@/]*@)?([^/:?,]+):(\\d+)");
    private static final int CONNECT_TIMEOUT_MS = 1_000;
    private static final int HEALTH_TIMEOUT_MS = 500;
    /** Scheduling slack on a loaded two-core machine. */
    private static final long SLACK_MS = 1_500;

    protected abstract Backend newBackend();

    @Test
    void whenTheDatabaseStopsAnswering_healthAndRequestsAnswer503InBoundedTime_andRecover() {
        Backend backend = newBackend();
        String url = backend.env().get("TASKLEDGER_DB_URL");
        Matcher m = HOST_PORT.matcher(url);
        assertThat(m.find()).as("host:port in %s", url).isTrue();
        try (SilentDatabaseProxy proxy = new SilentDatabaseProxy(m.group(1), Integer.parseInt(m.group(2)))) {
            Map<String, String> env = new HashMap<>(backend.env());
            env.put("TASKLEDGER_DB_URL", url.substring(0, m.start(1)) + "127.0.0.1:" + proxy.port() + url.substring(m.end(2)));
            env.put("PORT", "0");
            env.put("TASKLEDGER_DB_CONNECT_TIMEOUT_MS", Integer.toString(CONNECT_TIMEOUT_MS));
            env.put("TASKLEDGER_HEALTH_TIMEOUT_MS", Integer.toString(HEALTH_TIMEOUT_MS));
            try (Application app = Application.start(Config.fromEnv(env))) {
                Api api = new Api(URI.create("http://127.0.0.1:" + app.port()), Map.of());
                api.post("/api/v1/tasks", "{\"type\":\"outage\"}").expect(201);

                proxy.silence();
                // checks on the pool's cut connections fail at once; then they wait for a new connection that never answers
                long healthMs = 0;
                JsonNode health = null;
                for (int i = 0; i < 20 && (health == null || !health.path("detail").asText().contains("did not answer")); i++) {
                    long start = System.nanoTime();
                    health = api.get("/health").expectProblem(ProblemType.UNAVAILABLE);
                    healthMs = Math.max(healthMs, (System.nanoTime() - start) / 1_000_000);
                    assertThat(health.path("detail").asText()).as("names the database").contains("127.0.0.1:" + proxy.port());
                }
                assertThat(health.path("detail").asText()).contains("did not answer within " + HEALTH_TIMEOUT_MS + " ms");
                assertThat(healthMs).as("/health answered after").isLessThan(HEALTH_TIMEOUT_MS + SLACK_MS);

                long start = System.nanoTime();
                Reply refused = api.post("/api/v1/tasks", "{\"type\":\"outage\"}");
                refused.expectProblem(ProblemType.UNAVAILABLE);
                assertThat(refused.header("Retry-After")).as("Retry-After of a 503").isEqualTo("1");
                long requestMs = (System.nanoTime() - start) / 1_000_000;
                assertThat(requestMs).as("a create answered after").isLessThan(CONNECT_TIMEOUT_MS + SLACK_MS);
                start = System.nanoTime();
                api.get("/api/v1/tasks").expectProblem(ProblemType.UNAVAILABLE);
                long listMs = (System.nanoTime() - start) / 1_000_000;
                assertThat(listMs).as("a listing answered after").isLessThan(CONNECT_TIMEOUT_MS + SLACK_MS);
                System.out.printf("%s outage (connect timeout %d ms, health timeout %d ms): /health 503 after at most %d ms,"
                        + " create 503 after %d ms, list 503 after %d ms%n", getClass().getSimpleName(), CONNECT_TIMEOUT_MS,
                        HEALTH_TIMEOUT_MS, healthMs, requestMs, listMs);

                proxy.restore();
                await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/health").status() == 200);
                await().atMost(Duration.ofSeconds(20)).until(() -> api.post("/api/v1/tasks", "{\"type\":\"outage\"}").status() == 201);
            }
        } finally {
            backend.cleanup();
        }
    }
}
