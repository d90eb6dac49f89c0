package dev.taskledger.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskledger.protocol.ProblemType;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Authentication, tenancy and the error statuses every endpoint shares, as problem+json; once per backend. */
abstract class HttpErrorsContract extends ApiTestBase {

    @Test
    void health_needsNoKey_andReportsTheServiceAndDatabase() {
        JsonNode health = anonymous.get("/health").expect(200);

        assertThat(health.path("status").asText()).isEqualTo("ok");
        assertThat(health.path("service").asText()).isEqualTo("task-repo-service");
        assertThat(health.path("database").asText()).isEqualTo("ok");
    }

    @Test
    void aMissingOrUnknownKey_is401_whileBearerAndXApiKeyBothWork() {
        assertThat(anonymous.get("/api/v1/tasks").expectProblem(401).path("detail").asText()).contains("API key");
        Reply wrong = anonymous.withKey("nope").get("/api/v1/tasks");
        wrong.expectProblem(401);
        assertThat(wrong.header("WWW-Authenticate")).isEqualTo("Bearer");
        anonymous.get("/api/v1/tasks", "Authorization", "Bearer wrong").expectProblem(401);

        anonymous.get("/api/v1/tasks", "Authorization", "Bearer " + ACME_KEY).expect(200);
        anonymous.withKey(ACME_KEY).get("/api/v1/tasks").expect(200);
    }

    @Test
    void anotherTenantsTask_is404_whileTheAdminKeyActsForAnyTenantViaXTenant() {
        JsonNode task = create(newType(), "");
        Api globex = anonymous.withKey(GLOBEX_KEY);

        globex.get(taskPath(task)).expectProblem(404);
        globex.post(taskPath(task) + "/cancel", "").expectProblem(404);
        globex.delete(taskPath(task)).expectProblem(404);
        assertThat(globex.get("/api/v1/tasks?status=all&type=" + task.path("type").asText()).expect(200).path("tasks").size()).isZero();

        Api admin = anonymous.withKey(ADMIN_KEY);
        assertThat(admin.get(taskPath(task), "X-Tenant", "acme").expect(200).path("id")).isEqualTo(task.path("id"));
        admin.get(taskPath(task)).expectProblem(404); // without X-Tenant the admin acts for 'default'
        admin.get(taskPath(task), "X-Tenant", "bad tenant!").expectProblem(400);
    }

    @Test
    void aTenantKeyNamingAnotherTenantInXTenant_is403() {
        api.get("/api/v1/tasks", "X-Tenant", "globex").expectProblem(403);
        api.get("/api/v1/tasks", "X-Tenant", "acme").expect(200);
    }

    @Test
    void seed001sSingleApiKey_actsForTenantDefault() {
        JsonNode task = anonymous.withKey(DEV_KEY).post("/api/v1/tasks", "{\"task_type\":\"GENERATIVE\"}").expect(201);

        assertThat(task.path("tenant").asText()).isEqualTo("default");
        api.get(taskPath(task)).expectProblem(404);
    }

    @Test
    void anUnknownRoute_is404Problem_andAWrongMethod_is405WithAllow() {
        anonymous.get("/nope").expectProblem(404);
        api.get("/api/v1/nope").expectProblem(404);

        Reply wrongMethod = api.delete("/api/v1/tasks");
        wrongMethod.expectProblem(405);
        assertThat(wrongMethod.header("Allow")).contains("GET").contains("POST");
        api.post("/api/v1/tasks/0190a0a0-0000-7000-8000-000000000000", "{}").expectProblem(405);
        api.get("/api/v1/tasks/claim/x/y").expectProblem(404);
    }

    @Test
    void head_isRefusedWith405_evenWithoutAKey_insteadOfAnswering200Unauthenticated() {
        for (Api caller : new Api[] {anonymous, api}) {
            for (String path : new String[] {"/api/v1/tasks", "/api/v1/tasks/0190a0a0-0000-7000-8000-000000000000", "/api/v1/ledger",
                    "/health"}) {
                Reply head = caller.send("HEAD", path, HttpRequest.BodyPublishers.noBody());
                assertThat(head.status()).as("HEAD %s", path).isEqualTo(405);
                assertThat(head.header("Allow")).as("Allow of %s", path).contains("GET").doesNotContain("HEAD");
            }
        }
    }

    @Test
    void xHttpMethodOverride_isRefused_soAGetCannotDelete() {
        JsonNode task = create(newType(), "");
        api.get(taskPath(task), "X-HTTP-Method-Override", "DELETE").expectProblem(ProblemType.BAD_REQUEST);
        api.post(taskPath(task) + "/cancel", "", "X-HTTP-Method-Override", "DELETE").expectProblem(ProblemType.BAD_REQUEST);
        anonymous.get(taskPath(task), "X-HTTP-Method-Override", "DELETE").expectProblem(ProblemType.BAD_REQUEST);

        assertThat(api.get(taskPath(task)).expect(200).path("status").asText()).isEqualTo("pending");
    }

    @Test
    void withKeys_aWriteFromAnotherOrigin_isStill403_andJsonEndpointsStill415OnPlainText() {
        String type = newType();
        api.post("/api/v1/tasks", "{\"type\":\"" + type + "\"}", "Origin", "https://evil.example").expectProblem(ProblemType.FORBIDDEN);
        api.post("/api/v1/tasks", "{\"type\":\"" + type + "\"}", "Content-Type", "text/plain")
                .expectProblem(ProblemType.UNSUPPORTED_MEDIA_TYPE);
        assertThat(api.get("/api/v1/tasks?status=all&type=" + type).expect(200).path("tasks").size()).isZero();
    }

    @Test
    void malformedJson_is400_andAWronglyShapedBodyIs400() {
        assertThat(api.post("/api/v1/tasks", "{\"type\":").expectProblem(400).path("type").asText()).endsWith("malformed-json");
        api.post("/api/v1/tasks", "{\"type\":\"t\"} trailing").expectProblem(400);
        api.post("/api/v1/tasks", "[1,2]").expectProblem(400);
        api.post("/api/v1/tasks", "").expectProblem(400);
        api.post("/api/v1/tasks/claim", "{not json").expectProblem(400);
        api.put("/api/v1/tasks/0190a0a0-0000-7000-8000-000000000000", "nope").expectProblem(400);
    }

    @Test
    void aBodyOver1MiB_is413_whetherItsLengthIsDeclaredOrChunked() {
        String big = "{\"type\":\"t\",\"payload\":\"" + "x".repeat(1 << 20) + "\"}";
        byte[] bytes = big.getBytes(StandardCharsets.UTF_8);

        byte[] huge = ("{\"payload\":\"" + "y".repeat(5 << 20) + "\"}").getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 3; i++) { // bodies larger than socket buffers: the client is still sending when refused
            api.post("/api/v1/tasks", big).expectProblem(413);
            api.send("POST", "/api/v1/tasks", HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)))
                    .expectProblem(413);
            api.send("POST", "/api/v1/tasks", HttpRequest.BodyPublishers.ofByteArray(huge)).expectProblem(413);
            api.send("POST", "/api/v1/tasks/claim", HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(huge)))
                    .expectProblem(413);
        }
        String justUnder = "{\"type\":\"" + newType() + "\",\"payload\":\"" + "x".repeat((1 << 20) - 100) + "\"}";
        assertThat(api.post("/api/v1/tasks", justUnder).expect(201).path("payload").asText()).hasSize((1 << 20) - 100);
    }

    @Test
    void everyResponseCarriesARequestId_andAProblemRepeatsIt() {
        Reply reply = api.get("/api/v1/tasks/not-a-uuid", "X-Request-Id", "trace-123");

        assertThat(reply.header("X-Request-Id")).isEqualTo("trace-123");
        assertThat(reply.expectProblem(404).path("request_id").asText()).isEqualTo("trace-123");
        String first = api.get("/health").header("X-Request-Id");
        String second = api.get("/health").header("X-Request-Id");
        assertThat(first).as("a new id when the caller sends none").matches("[A-Za-z0-9._:-]{1,64}");
        assertThat(second).matches("[A-Za-z0-9._:-]{1,64}").isNotEqualTo(first);
    }
}
