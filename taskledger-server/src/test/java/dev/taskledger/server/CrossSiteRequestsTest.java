package dev.taskledger.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskledger.protocol.ProblemType;
import dev.taskledger.server.config.Config;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default deployment (loopback, no API key) against what any web page can make a browser send without asking
 * first: writes from another origin (CSRF), requests under a rebound name (DNS rebinding), and text/plain or form
 * bodies to JSON endpoints. None may change anything; curl-like clients (no Origin) keep working.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrossSiteRequestsTest {
    private static final String EVIL = "https://evil.example";

    private Backend backend;
    private Application app;
    private Api api;

    @BeforeAll
    void start() {
        backend = Backend.sqlite();
        app = Application.start(Config.fromEnv(Map.of("PORT", "0", "TASKLEDGER_DB_URL", backend.env().get("TASKLEDGER_DB_URL"),
                "TASKLEDGER_ALLOWED_HOSTS", "tasks.internal")));
        api = new Api(URI.create("http://127.0.0.1:" + app.port()), Map.of());
    }

    @AfterAll
    void stop() {
        app.close();
        backend.cleanup();
    }

    @Test
    void aWriteFromAnotherOrigin_is403_andChangesNothing() {
        String type = ApiTestBase.newType();
        api.post("/api/v1/tasks", "{\"type\":\"" + type + "\"}", "Origin", EVIL, "Content-Type", "text/plain")
                .expectProblem(ProblemType.FORBIDDEN);
        api.post("/api/v1/tasks", "{\"type\":\"" + type + "\"}", "Origin", EVIL, "Content-Type", "application/json")
                .expectProblem(ProblemType.FORBIDDEN);
        api.post("/api/v1/tasks", "{\"type\":\"" + type + "\"}", "Sec-Fetch-Site", "cross-site").expectProblem(ProblemType.FORBIDDEN);
        api.post("/api/v1/tasks", "{\"type\":\"" + type + "\"}", "Sec-Fetch-Site", "same-site").expectProblem(ProblemType.FORBIDDEN);
        api.post("/api/v1/tasks", "{\"type\":\"" + type + "\"}", "Origin", "null").expectProblem(ProblemType.FORBIDDEN);
        assertThat(listed(type)).isZero();

        JsonNode task = api.post("/api/v1/tasks", "{\"type\":\"" + type + "\"}").expect(201);
        String path = "/api/v1/tasks/" + task.path("id").asText();
        api.post("/api/v1/tasks/claim", "{\"types\":[\"" + type + "\"],\"worker\":\"w\"}", "Origin", EVIL)
                .expectProblem(ProblemType.FORBIDDEN);
        api.post(path + "/claim", "", "Origin", EVIL).expectProblem(ProblemType.FORBIDDEN);
        api.post(path + "/cancel", "", "Origin", EVIL, "Content-Type", "text/plain").expectProblem(ProblemType.FORBIDDEN);
        api.delete(path, "Origin", EVIL).expectProblem(ProblemType.FORBIDDEN);
        api.patch(path, "{\"priority\":9}", "Origin", EVIL).expectProblem(ProblemType.FORBIDDEN);
        JsonNode unchanged = api.get(path, "Origin", EVIL).expect(200); // reads are not refused (no CORS: a page cannot see them)
        assertThat(unchanged.path("status").asText()).isEqualTo("pending");
        assertThat(unchanged.path("priority").asInt()).isEqualTo(1);
    }

    @Test
    void seed000sFormEndpoint_refusesOtherOrigins_whileCurlStyleFormsWork() {
        String item = "item-" + ApiTestBase.newType();
        String form = "name=csrf&item=" + item + "&status=ok";
        for (String path : new String[] {"/mrtreplic/task", "/mrtinv/task"}) {
            postForm(path, form, "Origin", EVIL).expectProblem(ProblemType.FORBIDDEN);
            postForm(path, form, "Sec-Fetch-Site", "cross-site").expectProblem(ProblemType.FORBIDDEN);
        }
        assertThat(api.get("/mrtreplic/task?name=csrf&item=" + item).expect(200).size()).as("no entry").isZero();

        assertThat(postForm("/mrtreplic/task", form).expect(200).path("retries").asText()).isEqualTo("0");
        assertThat(postForm("/mrtreplic/task", form, "Origin", "http://127.0.0.1:" + app.port(), "Sec-Fetch-Site", "same-origin")
                .expect(200).path("retries").asText()).as("a page of the server's own origin").isEqualTo("1");
    }

    @Test
    void aWriteFromThisServersOwnOrigin_isServed() {
        String type = ApiTestBase.newType();
        String body = "{\"type\":\"" + type + "\"}";
        api.post("/api/v1/tasks", body, "Origin", "http://127.0.0.1:" + app.port(), "Content-Type", "application/json").expect(201);
        api.post("/api/v1/tasks", body, "Sec-Fetch-Site", "same-origin").expect(201);
        api.post("/api/v1/tasks", body, "Sec-Fetch-Site", "none").expect(201);
        api.post("/api/v1/tasks", body, "Origin", "http://127.0.0.1:1").expectProblem(ProblemType.FORBIDDEN); // another port
        assertThat(listed(type)).isEqualTo(3);
    }

    @Test
    void jsonEndpoints_refuseTextPlainAndFormBodies_with415() {
        String type = ApiTestBase.newType();
        String body = "{\"type\":\"" + type + "\"}";
        for (String contentType : new String[] {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                "application/xml"}) {
            api.post("/api/v1/tasks", body, "Content-Type", contentType).expectProblem(ProblemType.UNSUPPORTED_MEDIA_TYPE);
            api.post("/api/v1/tasks/batch", "{\"tasks\":[" + body + "]}", "Content-Type", contentType)
                    .expectProblem(ProblemType.UNSUPPORTED_MEDIA_TYPE);
        }
        assertThat(listed(type)).isZero();
        api.post("/api/v1/tasks", body, "Content-Type", "application/json; charset=utf-8").expect(201);
        api.post("/api/v1/tasks", body, "Content-Type", "application/merge-patch+json").expect(201);
        api.post("/api/v1/tasks", body).expect(201); // no label: read as JSON (a browser labels what it sends)
        api.post("/api/v1/ledger/batch", "task_name,task_item\nx,y\n", "Content-Type", "text/plain")
                .expectProblem(ProblemType.UNSUPPORTED_MEDIA_TYPE);
        api.post("/api/v1/ledger", "{\"task_name\":\"x\",\"task_item\":\"y\"}", "Content-Type", "text/plain")
                .expectProblem(ProblemType.UNSUPPORTED_MEDIA_TYPE);
        api.post("/mrtreplic/task", "{\"name\":\"x\",\"item\":\"y\"}", "Content-Type", "application/json")
                .expectProblem(ProblemType.UNSUPPORTED_MEDIA_TYPE);
    }

    @Test
    void inKeylessMode_aForeignHostName_is403_whileLoopbackNamesAndAllowedHostsAreServed() {
        assertThat(statusWithHost("attacker.example")).isEqualTo(403);
        assertThat(statusWithHost("attacker.example:" + app.port())).isEqualTo(403);
        assertThat(statusWithHost("127.0.0.1.attacker.example:" + app.port())).isEqualTo(403);
        assertThat(statusWithHost("localhost")).isEqualTo(200);
        assertThat(statusWithHost("LOCALHOST:" + app.port())).isEqualTo(200);
        assertThat(statusWithHost("127.0.0.1:" + app.port())).isEqualTo(200);
        assertThat(statusWithHost("[::1]:" + app.port())).isEqualTo(200);
        assertThat(statusWithHost("tasks.internal:" + app.port())).as("TASKLEDGER_ALLOWED_HOSTS").isEqualTo(200);
    }

    @Test
    void aRequestUnderARebindingName_changesNothing() {
        String type = ApiTestBase.newType();
        String body = "{\"type\":\"" + type + "\"}";
        String origin = "http://attacker.example:" + app.port();
        String answer = raw("POST /api/v1/tasks HTTP/1.1\r\nHost: attacker.example:" + app.port() + "\r\nOrigin: " + origin
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body);
        assertThat(answer).startsWith("HTTP/1.1 403").contains("urn:taskledger:problem:forbidden");
        assertThat(listed(type)).isZero();
    }

    private Reply postForm(String path, String form, String... headers) {
        return api.postTyped(path, "application/x-www-form-urlencoded", form, headers);
    }

    private int listed(String type) {
        return api.get("/api/v1/tasks?status=all&type=" + type).expect(200).path("tasks").size();
    }

    /** GET /api/v1/tasks with this Host header (the JDK client does not let a caller set it). */
    private int statusWithHost(String host) {
        String answer = raw("GET /api/v1/tasks HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
        return Integer.parseInt(answer.substring(9, 12));
    }

    private String raw(String request) {
        try (Socket socket = new Socket("127.0.0.1", app.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
