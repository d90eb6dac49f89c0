package dev.taskledger.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code POST /api/v1/tasks/bulk/{retry|cancel|delete}}: preview counts, the changes, their events; on every backend. */
abstract class BulkActionsContract extends ApiTestBase {

    @Test
    void bulkRetry_previewsTheCount_thenRetriesEveryFailedTaskOfTheType_eachWithItsEvent() {
        String type = newType();
        List<String> failed = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            failed.add(failedTask(type));
        }
        create(type, "\"priority\":1"); // pending: not selected
        failedTask(newType()); // another type: not selected

        JsonNode preview = bulk("retry", "{\"filter\":{\"status\":\"failed\",\"type\":\"" + type + "\"},\"dry_run\":true}");
        assertThat(preview.path("matched").asLong()).isEqualTo(3);
        assertThat(preview.path("applied").asLong()).isZero();
        assertThat(preview.path("dry_run").asBoolean()).isTrue();
        assertThat(preview.path("more").asBoolean()).isFalse();
        assertThat(api.get("/api/v1/tasks/" + failed.getFirst()).expect(200).path("status").asText()).as("a preview changes nothing")
                .isEqualTo("failed");

        JsonNode done = bulk("retry", "{\"filter\":{\"status\":\"failed\",\"type\":\"" + type + "\"}}");
        assertThat(done.path("applied").asLong()).isEqualTo(3);
        for (String id : failed) {
            JsonNode task = api.get("/api/v1/tasks/" + id).expect(200);
            assertThat(task.path("status").asText()).isEqualTo("pending");
            assertThat(task.path("retry_count").asInt()).isZero();
            JsonNode latest = api.get("/api/v1/tasks/" + id + "/events").expect(200).path("events").get(0);
            assertThat(latest.path("status").asText()).isEqualTo("pending");
            assertThat(latest.path("actor").asText()).isEqualTo("API");
            assertThat(latest.path("detail").path("bulk").asBoolean()).isTrue();
        }
        assertThat(bulk("retry", "{\"filter\":{\"status\":\"failed\",\"type\":\"" + type + "\"}}").path("matched").asLong())
                .as("nothing is left to retry").isZero();
    }

    @Test
    void bulkCancel_selectsByTag_andBulkDelete_byCreationTime() {
        String type = newType();
        String tagged = create(type, "\"tags\":{\"batch\":\"b1\"}").path("id").asText();
        String other = create(type, "\"tags\":{\"batch\":\"b2\"}").path("id").asText();

        JsonNode cancelled = bulk("cancel", "{\"filter\":{\"status\":\"pending\",\"type\":\"" + type + "\",\"tags\":{\"batch\":\"b1\"}}}");
        assertThat(cancelled.path("applied").asLong()).isEqualTo(1);
        assertThat(api.get("/api/v1/tasks/" + tagged).expect(200).path("status").asText()).isEqualTo("cancelled");
        assertThat(api.get("/api/v1/tasks/" + other).expect(200).path("status").asText()).isEqualTo("pending");

        JsonNode none = bulk("delete", "{\"filter\":{\"status\":\"all\",\"type\":\"" + type + "\",\"created_before\":\"2000-01-01T00:00:00Z\"}}");
        assertThat(none.path("matched").asLong()).isZero();
        JsonNode preview = bulk("delete", "{\"filter\":{\"status\":\"all\",\"type\":\"" + type + "\"},\"dry_run\":true}");
        assertThat(preview.path("matched").asLong()).isEqualTo(2);
        JsonNode deleted = bulk("delete", "{\"filter\":{\"status\":\"all\",\"type\":\"" + type + "\"}}");
        assertThat(deleted.path("applied").asLong()).isEqualTo(2);
        api.get("/api/v1/tasks/" + tagged).expectProblem(404);
        api.get("/api/v1/tasks/" + other).expectProblem(404);
    }

    @Test
    void bulkActions_touchOnlyTheCallersTenant() {
        String type = newType();
        create(type, "\"priority\":1");
        JsonNode globex = anonymous.withKey(GLOBEX_KEY).post("/api/v1/tasks/bulk/cancel",
                "{\"filter\":{\"status\":\"pending\",\"type\":\"" + type + "\"}}").expect(200);
        assertThat(globex.path("matched").asLong()).isZero();
    }

    @Test
    void bulkActions_refuseAFilterThatWouldNotLeaveItsTasksBehind_andUnknownActions() {
        api.post("/api/v1/tasks/bulk/retry", "{\"filter\":{\"status\":\"pending\"}}").expectProblem(422);
        api.post("/api/v1/tasks/bulk/cancel", "{\"filter\":{\"status\":\"all\"}}").expectProblem(422);
        api.post("/api/v1/tasks/bulk/retry", "{\"filter\":{}}").expectProblem(422);
        api.post("/api/v1/tasks/bulk/retry", "{}").expectProblem(422);
        api.post("/api/v1/tasks/bulk/cancel", "{\"filter\":{\"status\":\"nonsense\"}}").expectProblem(400);
        api.post("/api/v1/tasks/bulk/purge", "{\"filter\":{\"status\":\"all\"}}").expectProblem(404);
    }

    private JsonNode bulk(String action, String body) {
        JsonNode answer = api.post("/api/v1/tasks/bulk/" + action, body).expect(200);
        assertThat(answer.path("action").asText()).isEqualTo(action);
        return answer;
    }

    /** A task of {@code type} that failed for good (claimed, then failed as not retryable). */
    private String failedTask(String type) {
        String id = create(type, "\"max_attempts\":1").path("id").asText();
        JsonNode claimed = claimOne(type, "w1");
        assertThat(claimed.path("id").asText()).isEqualTo(id);
        api.post("/api/v1/tasks/" + id + "/fail", "{\"error\":\"boom\",\"retryable\":false,\"lease_token\":\""
                + claimed.path("lease_token").asText() + "\"}").expect(200);
        return id;
    }
}
