package dev.taskledger.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskledger.protocol.ProblemType;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shared workers over HTTP, once per backend: a worker key ({@code TASKLEDGER_WORKER_KEYS}) claims across its tenants,
 * fairly, each task saying its tenant; it heartbeats, completes, fails and releases what it claimed (naming the tenant
 * in {@code X-Tenant}, with the lease token) and can do nothing else.
 */
abstract class SharedWorkerApiContract extends ApiTestBase {
    private static final String SHARED_KEY = "shared-worker-key";
    private static final String ACME_WORKER_KEY = "acme-worker-key";

    @Override
    protected void configure(Map<String, String> env) {
        env.put("TASKLEDGER_WORKER_KEYS", "generative=" + SHARED_KEY + ",acme-only[acme]=" + ACME_WORKER_KEY);
    }

    private Api shared() {
        return anonymous.withKey(SHARED_KEY);
    }

    private JsonNode createFor(Api tenantApi, String type) {
        return tenantApi.post("/api/v1/tasks", "{\"type\":\"" + type + "\"}").expect(201);
    }

    private static Map<String, Integer> byTenant(JsonNode tasks) {
        Map<String, Integer> counts = new HashMap<>();
        tasks.forEach(t -> counts.merge(t.path("tenant").asText(), 1, Integer::sum));
        return counts;
    }

    @Test
    void aSharedClaim_takesEveryTenantsTasksFairly_andTheWorkerFinishesThemUnderEachTenant() {
        String type = newType();
        Api globex = anonymous.withKey(GLOBEX_KEY);
        for (int i = 0; i < 30; i++) {
            createFor(api, type);
        }
        for (int i = 0; i < 3; i++) {
            createFor(globex, type);
        }

        JsonNode claimed = shared().post("/api/v1/tasks/claim", "{\"types\":[\"" + type + "\"],\"limit\":6}").expect(200).path("tasks");
        assertThat(byTenant(claimed)).containsExactlyInAnyOrderEntriesOf(Map.of("acme", 3, "globex", 3));
        assertThat(claimed.get(0).path("worker").asText()).as("the key's name when the claim names no worker").isEqualTo("generative");

        for (JsonNode t : claimed) {
            String tenant = t.path("tenant").asText();
            String token = "{\"lease_token\":\"" + t.path("lease_token").asText() + "\"}";
            shared().post(taskPath(t) + "/heartbeat", token, "X-Tenant", tenant).expect(200);
            shared().post(taskPath(t) + "/complete", token, "X-Tenant", tenant).expect(200);
        }
        for (JsonNode t : claimed) {
            assertThat(anonymous.withKey(ADMIN_KEY).get(taskPath(t), "X-Tenant", t.path("tenant").asText()).expect(200)
                    .path("status").asText()).isEqualTo("completed");
        }
        JsonNode rest = shared().post("/api/v1/tasks/claim", "{\"types\":[\"" + type + "\"],\"limit\":100}").expect(200).path("tasks");
        assertThat(byTenant(rest)).containsExactlyInAnyOrderEntriesOf(Map.of("acme", 27));
    }

    @Test
    void aWorkerKey_canDoNothingButWork() {
        String type = newType();
        JsonNode task = createFor(api, type);
        Api acmeWorker = shared().with("X-Tenant", "acme");

        acmeWorker.get(taskPath(task)).expectProblem(ProblemType.FORBIDDEN);
        acmeWorker.get("/api/v1/tasks").expectProblem(ProblemType.FORBIDDEN);
        acmeWorker.get("/api/v1/stats").expectProblem(ProblemType.FORBIDDEN);
        acmeWorker.post("/api/v1/tasks", "{\"type\":\"x\"}").expectProblem(ProblemType.FORBIDDEN);
        acmeWorker.post(taskPath(task) + "/cancel", "").expectProblem(ProblemType.FORBIDDEN);
        acmeWorker.post(taskPath(task) + "/claim", "").expectProblem(ProblemType.FORBIDDEN);
        acmeWorker.delete(taskPath(task)).expectProblem(ProblemType.FORBIDDEN);
        acmeWorker.get(taskPath(task) + "/events").expectProblem(ProblemType.FORBIDDEN);
        acmeWorker.get("/api/v1/ledger").expectProblem(ProblemType.FORBIDDEN);
        acmeWorker.get("/mrtreplic/task?name=n&item=i").expectProblem(ProblemType.FORBIDDEN); // public, but not for workers
        assertThat(api.get(taskPath(task)).expect(200).path("status").asText()).isEqualTo("pending");

        JsonNode claimed = shared().post("/api/v1/tasks/claim", "{\"types\":[\"" + type + "\"]}").expect(200).path("tasks").get(0);
        String token = "{\"lease_token\":\"" + claimed.path("lease_token").asText() + "\"}";
        shared().post(taskPath(claimed) + "/complete", token).expectProblem(ProblemType.BAD_REQUEST); // which tenant?
        acmeWorker.post(taskPath(claimed) + "/complete", "{}").expectProblem(ProblemType.INVALID_VALUE); // no token
        acmeWorker.post("/api/v1/tasks/complete", "{\"completions\":[{\"id\":\"" + claimed.path("id").asText() + "\"}]}")
                .expectProblem(ProblemType.INVALID_VALUE);
        acmeWorker.post(taskPath(claimed) + "/complete", token).expect(200);
    }

    @Test
    void aWorkerKeyForListedTenants_claimsTheirTasksOnly_andMayNotNameAnotherTenant() {
        String type = newType();
        createFor(anonymous.withKey(GLOBEX_KEY), type);
        JsonNode acmeTask = createFor(api, type);
        Api listed = anonymous.withKey(ACME_WORKER_KEY);

        JsonNode claimed = listed.post("/api/v1/tasks/claim", "{\"types\":[\"" + type + "\"],\"limit\":10}").expect(200).path("tasks");
        assertThat(claimed).hasSize(1);
        assertThat(claimed.get(0).path("id")).isEqualTo(acmeTask.path("id"));
        listed.post("/api/v1/tasks/claim", "{\"types\":[\"" + type + "\"]}", "X-Tenant", "globex").expectProblem(ProblemType.FORBIDDEN);
        assertThat(listed.post("/api/v1/tasks/claim", "{\"types\":[\"" + type + "\"]}", "X-Tenant", "acme").expect(200)
                .path("tasks").size()).isZero();
    }
}
