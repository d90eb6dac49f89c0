package dev.taskledger.server.ledger;

import dev.taskledger.server.Application;
import dev.taskledger.server.config.Config;
import dev.taskledger.testkit.ExternalDatabases;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The real server (the production {@link Application} wiring) on a random loopback port, over a temporary
 * SQLite file or a fresh PostgreSQL schema (dropped on close), plus small HTTP helpers for the tests.
 */
final class LedgerTestServer implements AutoCloseable {
    private final Application app;
    private final Runnable cleanup;
    final String base;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private LedgerTestServer(Map<String, String> env, Runnable cleanup) {
        Map<String, String> all = new HashMap<>(env);
        all.put("HOST", "127.0.0.1");
        all.put("PORT", "0");
        this.app = Application.start(Config.fromEnv(all));
        this.cleanup = cleanup;
        this.base = "http://127.0.0.1:" + app.port();
    }

    static LedgerTestServer sqlite() {
        try {
            Path dir = Files.createTempDirectory("taskledger-ledger-http");
            return new LedgerTestServer(Map.of("TASKLEDGER_DB_URL", "jdbc:sqlite:" + dir.resolve("ledger.db")), () -> deleteTree(dir));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Skips (or, with TASKLEDGER_TEST_REQUIRE_SERVICES=true, fails) when TASKLEDGER_TEST_POSTGRES_URL is unset. */
    static LedgerTestServer postgres() {
        String url = ExternalDatabases.postgresUrl();
        String schema = "ledger_http_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        return new LedgerTestServer(Map.of("TASKLEDGER_DB_URL", url, "TASKLEDGER_DB_SCHEMA", schema),
                () -> dropSchema(url, schema));
    }

    /** Skips (or, with TASKLEDGER_TEST_REQUIRE_SERVICES=true, fails) when TASKLEDGER_TEST_MARIADB_URL is unset. */
    static LedgerTestServer mariadb() {
        String url = ExternalDatabases.mariadbUrl();
        String database = "ledger_http_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        return new LedgerTestServer(Map.of("TASKLEDGER_DB_URL", dev.taskledger.server.Backend.mariadbUrlNaming(url, database)),
                () -> dropDatabase(url, database));
    }

    private static void dropDatabase(String url, String database) {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + database);
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop test database " + database + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            app.close();
        } finally {
            cleanup.run();
        }
    }

    URI uri(String pathAndQuery) {
        return URI.create(base + pathAndQuery);
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> get(String pathAndQuery) {
        return send(HttpRequest.newBuilder(uri(pathAndQuery)).GET().build());
    }

    HttpResponse<String> delete(String pathAndQuery) {
        return send(HttpRequest.newBuilder(uri(pathAndQuery)).DELETE().build());
    }

    HttpResponse<String> post(String pathAndQuery, String contentType, String body) {
        return send(HttpRequest.newBuilder(uri(pathAndQuery)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build());
    }

    HttpResponse<String> postJson(String pathAndQuery, String json) {
        return post(pathAndQuery, "application/json", json);
    }

    /** {@code method} with a real multipart/form-data body, as {@code curl -X method -F k=v ...} sends it. */
    HttpResponse<String> multipart(String method, String pathAndQuery, Map<String, String> fields) {
        String boundary = "------------------------" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        StringBuilder body = new StringBuilder();
        fields.forEach((k, v) -> body.append("--").append(boundary).append("\r\n")
                .append("Content-Disposition: form-data; name=\"").append(k).append("\"\r\n\r\n")
                .append(v).append("\r\n"));
        body.append("--").append(boundary).append("--\r\n");
        return send(HttpRequest.newBuilder(uri(pathAndQuery)).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .method(method, HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)).build());
    }

    /** {@code method} with an application/x-www-form-urlencoded body. */
    HttpResponse<String> urlencoded(String method, String pathAndQuery, Map<String, String> fields) {
        return send(HttpRequest.newBuilder(uri(pathAndQuery)).header("Content-Type", "application/x-www-form-urlencoded")
                .method(method, HttpRequest.BodyPublishers.ofString(query(fields), StandardCharsets.UTF_8)).build());
    }

    /** {@code k=v&...}, URL-encoded, in the map's order. */
    static String query(Map<String, String> fields) {
        StringBuilder out = new StringBuilder();
        fields.forEach((k, v) -> out.append(out.isEmpty() ? "" : "&").append(enc(k)).append('=').append(enc(v)));
        return out.toString();
    }

    static Map<String, String> fields(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static void dropSchema(String url, String schema) {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            System.err.println("could not drop test schema " + schema + ": " + e.getMessage());
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory; the OS cleans up what is left
        }
    }
}
