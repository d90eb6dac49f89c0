package dev.taskledger.client;

import dev.taskledger.server.Application;
import dev.taskledger.server.config.Config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A real Taskledger server in this JVM: the same {@link Application} wiring {@code Main} uses, on a random port,
 * over a fresh SQLite file. Leases are rescued every 100 ms so lease-expiry tests stay quick.
 * Tenants: {@code acme} (key {@link #ACME_KEY}), {@code globex} ({@link #GLOBEX_KEY}); admin key {@link #ADMIN_KEY}.
 */
final class TestServer implements AutoCloseable {
    static final String ACME_KEY = "acme-key";
    static final String GLOBEX_KEY = "globex-key";
    static final String ADMIN_KEY = "admin-key";
    /** A shared worker's key: claims across every tenant ({@code TASKLEDGER_WORKER_KEYS}). */
    static final String SHARED_WORKER_KEY = "shared-worker-key";

    private final Path dir;
    private final Map<String, String> env;
    private final int port;
    private Application app;

    private TestServer(Path dir, Map<String, String> env, Application app) {
        this.dir = dir;
        this.env = env;
        this.app = app;
        this.port = app.port();
    }

    static TestServer start() {
        Path dir;
        try {
            dir = Files.createTempDirectory("taskledger-client-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> env = new HashMap<>();
        env.put("TASKLEDGER_DB_URL", dir.resolve("taskledger.db").toString());
        env.put("HOST", "127.0.0.1");
        env.put("PORT", "0");
        env.put("TASKLEDGER_API_KEYS", "acme=" + ACME_KEY + ",globex=" + GLOBEX_KEY);
        env.put("TASKLEDGER_ADMIN_KEY", ADMIN_KEY);
        env.put("TASKLEDGER_WORKER_KEYS", "shared=" + SHARED_WORKER_KEY);
        env.put("TASKLEDGER_LEASE_CHECK_MS", "100");
        env.put("TASKLEDGER_POLL_MS", "100");
        return new TestServer(dir, env, Application.start(Config.fromEnv(env)));
    }

    /** Stops the server, as an outage of its node would; the database file stays. */
    void stop() {
        app.close();
    }

    /** Starts the server again after {@link #stop()}, on the same port and database. */
    void restart() {
        Map<String, String> again = new HashMap<>(env);
        again.put("PORT", String.valueOf(port));
        app = Application.start(Config.fromEnv(again));
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    TaskledgerClient client(String key) {
        return TaskledgerClient.builder().baseUrl(baseUrl()).apiKey(key).requestTimeout(Duration.ofSeconds(10)).build();
    }

    TaskledgerClient acme() {
        return client(ACME_KEY);
    }

    /** A task type no other test uses, so tests may share one server. */
    static String newType() {
        return "t-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Override
    public void close() {
        app.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
