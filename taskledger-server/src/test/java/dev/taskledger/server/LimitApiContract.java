package dev.taskledger.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /api/v1/limits} and what limits change in claims, listings and stats; once per backend. */
abstract class LimitApiContract extends ApiTestBase {

    private JsonNode claim(String type, int limit) {
        return api.post("/api/v1/tasks/claim", "{\"types\":[\"" + type + "\"],\"worker\":\"w\",\"limit\":" + limit + "}")
                .expect(200).path("tasks");
    }

    @Test
    void putListAndDelete_aConcurrencyLimit_thatClaimsAndStatsHonour() {
        String type = newType();
        JsonNode limit = api.put("/api/v1/limits", "{\"type\":\"" + type + "\",\"concurrency_key\":\"cust-1\",\"max_running\":1}")
                .expect(200);
        assertThat(limit.path("type").asText()).isEqualTo(type);
        assertThat(limit.path("concurrency_key").asText()).isEqualTo("cust-1");
        assertThat(limit.path("max_running").asInt()).isEqualTo(1);
        assertThat(limit.path("running").asLong()).isZero();
        JsonNode created = create(type, "\"concurrency_key\":\"cust-1\"");
        assertThat(created.path("concurrency_key").asText()).isEqualTo("cust-1");
        create(type, "\"concurrency_key\":\"cust-1\"");
        create(type, "\"concurrency_key\":\"cust-2\"");

        JsonNode claimed = claim(type, 10);

        assertThat(claimed.size()).as("one of cust-1, and cust-2's").isEqualTo(2);
        assertThat(claim(type, 10).size()).isZero();
        JsonNode listed = api.get("/api/v1/limits").expect(200).path("limits");
        JsonNode mine = null;
        for (JsonNode l : listed) {
            if (l.path("type").asText().equals(type)) {
                mine = l;
            }
        }
        assertThat(mine).isNotNull();
        assertThat(mine.path("running").asLong()).isEqualTo(1);
        JsonNode stats = api.get("/api/v1/stats").expect(200);
        JsonNode row = null;
        for (JsonNode r : stats.path("limits")) {
            if (r.path("type").asText().equals(type)) {
                row = r;
            }
        }
        assertThat(row).as("stats: %s", stats).isNotNull();
        assertThat(row.path("running").asLong()).isEqualTo(2);
        assertThat(row.path("limited_waiting").asLong()).isEqualTo(1);
        assertThat(row.path("rate_limited_waiting").asLong()).isZero();

        api.delete("/api/v1/limits?type=" + type + "&concurrency_key=cust-1").expect(204);
        api.delete("/api/v1/limits?type=" + type + "&concurrency_key=cust-1").expectProblem(404);
        assertThat(claim(type, 10).size()).as("no limit any more").isEqualTo(1);
    }

    @Test
    void aRateLimitedTask_staysPending_andTheListingShowsRateLimitedUntil() {
        String type = newType();
        api.put("/api/v1/limits", "{\"type\":\"" + type + "\",\"rate\":{\"count\":1,\"period_seconds\":3600}}").expect(200);
        create(type, "");
        create(type, "");

        assertThat(claim(type, 10).size()).isEqualTo(1);
        assertThat(claim(type, 10).size()).isZero();

        JsonNode pending = api.get("/api/v1/tasks?status=pending&type=" + type).expect(200).path("tasks");
        assertThat(pending.size()).isEqualTo(1);
        assertThat(pending.get(0).path("rate_limited_until").asText()).isNotEmpty();
        JsonNode limit = api.get("/api/v1/limits").expect(200).path("limits");
        boolean found = false;
        for (JsonNode l : limit) {
            if (l.path("type").asText().equals(type)) {
                found = true;
                assertThat(l.path("started_in_period").asInt()).isEqualTo(1);
                assertThat(l.path("rate").path("count").asInt()).isEqualTo(1);
                assertThat(l.path("rate_limited_until").asText()).isNotEmpty();
            }
        }
        assertThat(found).isTrue();
    }

    @Test
    void aWaitingClaim_isNotHandedATask_thatALimitHoldsBack() throws Exception {
        String type = newType();
        String limit = "{\"type\":\"" + type + "\",\"max_running\":1}";
        api.put("/api/v1/limits", limit).expect(200);
        create(type, "");
        assertThat(claim(type, 10).size()).as("the one running task the limit allows").isEqualTo(1);
        List<CompletableFuture<Reply>> waiting = waitingClaims(type, 1, 2);
        // set again: the node forgets what it knew of the tenant's limits, so the create reads them itself
        api.put("/api/v1/limits", limit).expect(200);

        JsonNode held = create(type, "");

        assertThat(waiting.getFirst().get(10, TimeUnit.SECONDS).expect(200).path("tasks").size())
                .as("the waiting claim gets nothing past the limit").isZero();
        assertThat(api.get(taskPath(held)).expect(200).path("status").asText()).isEqualTo("pending");
    }

    @Test
    void badLimits_are4xxProblems() {
        String type = newType();
        assertThat(api.put("/api/v1/limits", "{\"type\":\"" + type + "\",\"max_running\":-1}").expectProblem(422)
                .path("detail").asText()).contains("max_running");
        assertThat(api.put("/api/v1/limits", "{\"max_running\":1}").expectProblem(422).path("detail").asText()).contains("type");
        api.put("/api/v1/limits", "{\"type\":\"" + type + "\"}").expectProblem(422);
        assertThat(api.put("/api/v1/limits", "{\"type\":\"" + type + "\",\"rate\":{\"count\":0,\"period_seconds\":1}}")
                .expectProblem(422).path("detail").asText()).contains("rate.count");
        api.put("/api/v1/limits", "{\"type\":\"" + type + "\",\"rate\":{\"count\":5,\"period_seconds\":-1}}").expectProblem(422);
        api.put("/api/v1/limits", "{\"type\":\"" + type + "\",\"max_running\":\"three\"}").expectProblem(422);
        api.put("/api/v1/limits", "").expectProblem(400);
        api.put("/api/v1/limits", "{\"type\":\"" + type + "\",\"max_running\":1}", "X-Tenant", "globex").expectProblem(403);
        api.get("/api/v1/limits", "X-Tenant", "globex").expectProblem(403);
        anonymous.get("/api/v1/limits").expectProblem(401);
        api.delete("/api/v1/limits?type=" + type).expectProblem(404);
        api.post("/api/v1/tasks", "{\"type\":\"" + type + "\",\"concurrency_key\":\"" + "k".repeat(201) + "\"}").expectProblem(422);
    }

    @Test
    void theAdminKey_setsAnotherTenantsLimits_whichThatTenantSees() {
        String type = newType();
        anonymous.withKey(ADMIN_KEY).put("/api/v1/limits", "{\"type\":\"" + type + "\",\"max_running\":2}", "X-Tenant", "globex")
                .expect(200);

        JsonNode globex = anonymous.withKey(GLOBEX_KEY).get("/api/v1/limits").expect(200).path("limits");
        assertThat(globex.toString()).contains(type);
        assertThat(api.get("/api/v1/limits").expect(200).path("limits").toString()).doesNotContain(type);
    }
}
