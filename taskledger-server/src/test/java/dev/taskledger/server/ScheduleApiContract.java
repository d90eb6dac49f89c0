package dev.taskledger.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskledger.protocol.ProblemType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code /api/v1/schedules} over HTTP on the backend: the operations and their answers, tenancy, the problems that
 * bad input gets (422 naming the field), and a one-second schedule firing through the node's own scheduler loop.
 */
abstract class ScheduleApiContract extends ApiTestBase {

    private static String body(String name, String timing, String type) {
        return "{\"name\":\"" + name + "\"," + timing + ",\"task\":{\"type\":\"" + type + "\",\"payload\":{\"report\":\"daily\"},"
                + "\"priority\":3,\"tags\":{\"team\":\"ops\"},\"max_attempts\":2,\"lease_seconds\":120}}";
    }

    private static String newName() {
        return "s-" + newType();
    }

    @Test
    void create_get_list_update_pause_resume_next_delete() {
        String name = newName();
        Reply created = api.post("/api/v1/schedules", body(name, "\"cron\":\"30 2 * * *\",\"time_zone\":\"Europe/Berlin\"", "nightly"));
        JsonNode s = created.expect(201);
        String path = "/api/v1/schedules/" + s.path("id").asText();
        assertThat(created.header("Location")).isEqualTo(path);
        assertThat(created.header("ETag")).isEqualTo("\"1\"");
        assertThat(s.path("name").asText()).isEqualTo(name);
        assertThat(s.path("cron").asText()).isEqualTo("30 2 * * *");
        assertThat(s.path("time_zone").asText()).isEqualTo("Europe/Berlin");
        assertThat(s.path("task").path("payload").path("report").asText()).isEqualTo("daily");
        assertThat(s.path("task").path("tags").path("team").asText()).isEqualTo("ops");
        assertThat(s.path("misfire").asText()).isEqualTo("skip");
        assertThat(s.path("overlap").asText()).isEqualTo("allow");
        assertThat(s.path("paused").asBoolean()).isFalse();
        assertThat(s.path("next_fire_at").asText()).matches(".*T0[01]:30:00Z");
        assertThat(s.has("last_fire_at") && s.path("last_fire_at").isNull()).isTrue();
        assertThat(s.has("last_task_status")).isTrue();

        assertThat(api.get(path).expect(200)).isEqualTo(s);
        api.withKey(GLOBEX_KEY).get(path).expectProblem(ProblemType.NOT_FOUND);

        api.patch(path, "{\"misfire\":\"fire_once\"}", "If-Match", "\"7\"").expectProblem(ProblemType.PRECONDITION_FAILED);
        JsonNode updated = api.patch(path, "{\"misfire\":\"fire_once\",\"overlap\":\"skip_if_running\"}", "If-Match", "\"1\"").expect(200);
        assertThat(updated.path("misfire").asText()).isEqualTo("fire_once");
        assertThat(updated.path("overlap").asText()).isEqualTo("skip_if_running");
        assertThat(updated.path("cron").asText()).isEqualTo("30 2 * * *");
        assertThat(updated.path("version").asInt()).isEqualTo(2);

        assertThat(api.post(path + "/pause", "").expect(200).path("paused").asBoolean()).isTrue();
        assertThat(api.post(path + "/resume", "").expect(200).path("paused").asBoolean()).isFalse();

        JsonNode next = api.get(path + "/next?count=3").expect(200).path("fire_times");
        assertThat(next.size()).isEqualTo(3);
        api.get(path + "/next?count=0").expectProblem(ProblemType.INVALID_VALUE);
        api.get(path + "/next?count=101").expectProblem(ProblemType.INVALID_VALUE);

        List<String> kinds = new ArrayList<>();
        api.get(path + "/events").expect(200).path("events").forEach(e -> kinds.add(e.path("kind").asText()));
        assertThat(kinds).containsExactly("resumed", "paused", "updated", "created");

        api.delete(path).expect(204);
        api.get(path).expectProblem(ProblemType.NOT_FOUND);
        api.get("/api/v1/schedules/not-an-id").expectProblem(ProblemType.NOT_FOUND);
    }

    @Test
    void list_pagesWithACursor_andShowsOnlyTheTenantsSchedules() {
        for (int i = 0; i < 3; i++) {
            api.withKey(DEV_KEY).post("/api/v1/schedules", body(newName(), "\"every\":\"PT1H\"", "listed")).expect(201);
        }
        Api dev = api.withKey(DEV_KEY);
        JsonNode first = dev.get("/api/v1/schedules?limit=2").expect(200);
        assertThat(first.path("schedules").size()).isEqualTo(2);
        JsonNode second = dev.get("/api/v1/schedules?limit=2&cursor=" + first.path("next_cursor").asText()).expect(200);
        assertThat(second.path("schedules").size()).isEqualTo(1);
        assertThat(second.path("next_cursor").isNull()).isTrue();
        assertThat(api.withKey(GLOBEX_KEY).get("/api/v1/schedules").expect(200).path("schedules").size()).isZero();
    }

    @Test
    void putByName_createsThenReplaces_soADeployScriptCanRepeatIt() {
        String name = newName();
        Reply first = api.put("/api/v1/schedules/" + name, body(name, "\"every\":\"PT1H\"", "deploy"));
        JsonNode s = first.expect(201);
        JsonNode again = api.put("/api/v1/schedules/" + name, body(name, "\"every\":\"PT1H\"", "deploy")).expect(200);
        assertThat(again.path("id").asText()).isEqualTo(s.path("id").asText());
        assertThat(again.path("version").asInt()).as("an unchanged definition is not written again").isEqualTo(1);
        JsonNode changed = api.put("/api/v1/schedules/" + name, "{\"cron\":\"@daily\",\"task\":{\"type\":\"deploy\"}}").expect(200);
        assertThat(changed.path("cron").asText()).isEqualTo("@daily");
        assertThat(changed.path("version").asInt()).isEqualTo(2);
        assertThat(changed.path("every").isMissingNode() || changed.path("every").isNull()).isTrue();
        api.post("/api/v1/schedules", body(name, "\"every\":\"PT1H\"", "deploy")).expectProblem(ProblemType.DUPLICATE);
        api.put("/api/v1/schedules/" + name, body("other", "\"every\":\"PT1H\"", "deploy")).expectProblem(ProblemType.INVALID_VALUE);
    }

    @Test
    void badDefinitions_get422NamingTheField() {
        assertInvalid("\"cron\":\"0 0 30 2 *\"", "cron");
        assertInvalid("\"cron\":\"99 * * * *\"", "cron");
        assertInvalid("\"cron\":\"* *\"", "cron");
        assertInvalid("\"cron\":\"@daily\",\"time_zone\":\"Atlantis/Capital\"", "time_zone");
        assertInvalid("\"every\":\"soon\"", "every");
        assertInvalid("\"every\":\"PT0S\"", "every");
        assertInvalid("\"cron\":\"@daily\",\"every\":\"PT1H\"", "cron and every");
        assertInvalid("\"cron\":\"@daily\",\"misfire\":\"later\"", "misfire");
        assertInvalid("\"cron\":\"@daily\",\"overlap\":\"maybe\"", "overlap");
        api.post("/api/v1/schedules", "{\"name\":\"" + newName() + "\",\"cron\":\"@daily\"}").expectProblem(ProblemType.INVALID_VALUE);
        JsonNode p = api.post("/api/v1/schedules", "{\"name\":\"" + newName() + "\",\"cron\":\"@daily\",\"task\":{\"type\":\"x\",\"max_attempts\":0}}")
                .expectProblem(ProblemType.INVALID_VALUE);
        assertThat(p.path("detail").asText()).contains("task.max_attempts");
        api.post("/api/v1/schedules", "{\"name\":\"a b\",\"cron\":\"@daily\",\"task\":{\"type\":\"x\"}}").expectProblem(ProblemType.INVALID_VALUE);
        api.post("/api/v1/schedules", "not json").expectProblem(400);
    }

    private void assertInvalid(String timing, String field) {
        JsonNode p = api.post("/api/v1/schedules", body(newName(), timing, "bad")).expectProblem(ProblemType.INVALID_VALUE);
        assertThat(p.path("detail").asText()).contains(field);
    }

    @Test
    void aOneSecondSchedule_firesThroughTheNodesScheduler_andShowsItsLastTask() {
        String type = newType();
        JsonNode s = api.post("/api/v1/schedules", body(newName(), "\"every\":\"PT1S\"", type)).expect(201);
        String path = "/api/v1/schedules/" + s.path("id").asText();
        await().atMost(Duration.ofSeconds(10)).until(() -> !api.get(path).expect(200).path("last_task_id").isNull());
        JsonNode fired = api.get(path).expect(200);
        JsonNode task = api.get("/api/v1/tasks/" + fired.path("last_task_id").asText()).expect(200);
        assertThat(task.path("type").asText()).isEqualTo(type);
        assertThat(task.path("priority").asInt()).isEqualTo(3);
        assertThat(fired.path("last_task_status").asText()).isEqualTo(task.path("status").asText());
        api.post(path + "/pause", "").expect(200);
        JsonNode events = api.get(path + "/events").expect(200).path("events");
        List<String> kinds = new ArrayList<>();
        events.forEach(e -> kinds.add(e.path("kind").asText()));
        assertThat(kinds).contains("fired", "created");
    }
}
