package dev.taskledger.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** Create, read, update, delete, list, batch and stats over HTTP; run once per backend (the *ServerContractsTest classes). */
abstract class TaskApiContract extends ApiTestBase {

    @Test
    void create_returns201WithTheFullTask_andGetReturnsItWithTheVersionAsEtag() {
        String type = newType();
        Reply created = api.post("/api/v1/tasks", "{\"type\":\"" + type + "\",\"payload\":{\"to\":\"a@b.c\",\"n\":[1,2.50,12345678901234567890.123456789012345]},"
                + "\"metadata\":{\"repo\":\"x\"},\"tags\":{\"service\":\"mail\"},\"priority\":5,\"max_attempts\":4,\"lease_seconds\":60}");
        JsonNode task = created.expect(201);

        assertThat(task.path("id").asText()).isEqualTo(task.path("task_id").asText()).hasSize(36);
        assertThat(created.header("Location")).isEqualTo(taskPath(task));
        assertThat(task.path("tenant").asText()).isEqualTo("acme");
        assertThat(task.path("status").asText()).isEqualTo("pending");
        assertThat(task.path("state").asText()).isEqualTo("Queued");
        assertThat(task.path("payload")).isEqualTo(Reply.tree("{\"to\":\"a@b.c\",\"n\":[1,2.50,12345678901234567890.123456789012345]}"));
        assertThat(task.path("metadata").path("repo").asText()).isEqualTo("x");
        assertThat(task.path("tags").path("service").asText()).isEqualTo("mail");
        assertThat(task.path("priority").asInt()).isEqualTo(5);
        assertThat(task.path("max_attempts").asInt()).isEqualTo(4);
        assertThat(task.path("lease_seconds").asInt()).isEqualTo(60);
        assertThat(task.path("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
        assertThat(task.has("lease_token")).isFalse();
        assertThat(task.has("error")).as("null fields are omitted").isFalse();

        Reply read = api.get(taskPath(task));
        assertThat(read.expect(200)).isEqualTo(task);
        assertThat(read.header("ETag")).isEqualTo("\"" + task.path("version").asInt() + "\"");
    }

    @Test
    void create_acceptsSeed001Shape_keepingRequestAndTemplateInsideThePayload() {
        String type = newType();
        JsonNode task = api.post("/api/v1/tasks", "{\"task_type\":\"" + type + "\",\"request\":{\"content\":{\"text\":\"hi\"}},"
                + "\"template\":{\"service_type\":\"GENERATIVE\"},\"tags\":{\"service\":\"generative-service\"}}").expect(201);

        assertThat(task.path("type").asText()).isEqualTo(type);
        assertThat(task.path("payload").path("request").path("content").path("text").asText()).isEqualTo("hi");
        assertThat(task.path("payload").path("template").path("service_type").asText()).isEqualTo("GENERATIVE");
        assertThat(task.path("task_id").asText()).isEqualTo(task.path("id").asText());
    }

    @Test
    void create_withTheSameIdempotencyKey_returns200AndTheFirstTask() {
        String type = newType();
        JsonNode first = api.post("/api/v1/tasks", "{\"type\":\"" + type + "\"}", "Idempotency-Key", "k-" + type).expect(201);
        JsonNode again = api.post("/api/v1/tasks", "{\"type\":\"" + type + "\",\"payload\":{\"other\":1}}",
                "Idempotency-Key", "k-" + type).expect(200);
        JsonNode bodyKey = api.post("/api/v1/tasks", "{\"type\":\"" + type + "\",\"idempotency_key\":\"k-" + type + "\"}").expect(200);
        JsonNode otherKey = api.post("/api/v1/tasks", "{\"type\":\"" + type + "\",\"idempotency_key\":\"k2-" + type + "\"}").expect(201);

        assertThat(again.path("id")).isEqualTo(first.path("id"));
        assertThat(bodyKey.path("id")).isEqualTo(first.path("id"));
        assertThat(otherKey.path("id")).isNotEqualTo(first.path("id"));
        api.post("/api/v1/tasks", "{\"type\":\"" + type + "\",\"idempotency_key\":\"a\"}", "Idempotency-Key", "b").expectProblem(422);
    }

    @Test
    void create_withDedupe_returnsTheExistingTaskForTheSamePayloadInAnyKeyOrder() {
        String type = newType();
        JsonNode first = create(type, "\"dedupe\":true,\"payload\":{\"a\":1,\"b\":{\"c\":2}}");
        JsonNode same = api.post("/api/v1/tasks", "{\"type\":\"" + type + "\",\"dedupe\":true,\"payload\":{\"b\":{\"c\":2}, \"a\":1}}").expect(200);
        JsonNode different = create(type, "\"dedupe\":true,\"payload\":{\"a\":2}");

        assertThat(same.path("id")).isEqualTo(first.path("id"));
        assertThat(different.path("id")).isNotEqualTo(first.path("id"));
    }

    @Test
    void create_withInvalidValues_is422NamingTheField() {
        assertThat(api.post("/api/v1/tasks", "{\"type\":\"t\",\"priority\":\"high\"}").expectProblem(422).path("detail").asText())
                .contains("priority");
        assertThat(api.post("/api/v1/tasks", "{\"payload\":{}}").expectProblem(422).path("detail").asText()).contains("type");
        api.post("/api/v1/tasks", "{\"type\":\"t\",\"max_attempts\":0}").expectProblem(422);
        api.post("/api/v1/tasks", "{\"type\":\"t\",\"metadata\":[1]}").expectProblem(422);
        api.post("/api/v1/tasks", "{\"type\":\"t\",\"run_at\":\"tomorrow\"}").expectProblem(422);
        api.post("/api/v1/tasks", "{\"type\":\"t\",\"delay_seconds\":5,\"run_at\":\"2030-01-01T00:00:00Z\"}").expectProblem(422);
        api.post("/api/v1/tasks", "{\"type\":\"t\",\"payload\":{},\"request\":{}}").expectProblem(422);
    }

    @Test
    void batch_createsEveryTaskInOrder_fromTheObjectFormOrABareArray() {
        String type = newType();
        JsonNode object = api.post("/api/v1/tasks/batch", "{\"tasks\":[{\"type\":\"" + type + "\",\"payload\":1},"
                + "{\"type\":\"" + type + "\",\"payload\":2}]}").expect(201);
        JsonNode array = api.post("/api/v1/tasks/batch", "[{\"type\":\"" + type + "\",\"payload\":3}]").expect(201);

        assertThat(object.path("tasks")).extracting(t -> t.path("payload").asInt()).containsExactly(1, 2);
        assertThat(array.path("tasks")).extracting(t -> t.path("payload").asInt()).containsExactly(3);
        assertThat(api.get("/api/v1/tasks?type=" + type).expect(200).path("tasks").size()).isEqualTo(3);
    }

    @Test
    void batch_isAllOrNothing_andRefusesMoreThan1000Tasks() {
        String type = newType();
        api.post("/api/v1/tasks/batch", "[{\"type\":\"" + type + "\"},{\"type\":\"" + type + "\",\"priority\":\"x\"}]")
                .expectProblem(422);
        api.post("/api/v1/tasks/batch", "[{\"type\":\"" + type + "\"},{\"type\":\"\"}]").expectProblem(422);
        assertThat(api.get("/api/v1/tasks?type=" + type).expect(200).path("tasks").size()).isZero();

        List<String> many = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            many.add("{\"type\":\"" + type + "\"}");
        }
        api.post("/api/v1/tasks/batch", "[" + String.join(",", many) + "]").expectProblem(422);
        api.post("/api/v1/tasks/batch", "{\"tasks\":[]}").expectProblem(422);
    }

    @Test
    void batch_withAnIdempotencyKeyHeader_returnsTheSameTasksWhenRepeated() {
        String type = newType();
        String body = "[{\"type\":\"" + type + "\"},{\"type\":\"" + type + "\"}]";
        JsonNode first = api.post("/api/v1/tasks/batch", body, "Idempotency-Key", "batch-" + type).expect(201);
        JsonNode again = api.post("/api/v1/tasks/batch", body, "Idempotency-Key", "batch-" + type).expect(200);

        assertThat(again.path("tasks")).extracting(t -> t.path("id").asText())
                .containsExactlyElementsOf(first.path("tasks").findValuesAsText("id"));
    }

    @Test
    void batch_withPreferReturnMinimal_answersIdsAndCreatedFlags_andKeepsEveryTaskAndEvent() {
        String type = newType();
        String body = "[{\"type\":\"" + type + "\",\"payload\":1},{\"type\":\"" + type + "\",\"payload\":2}]";
        Reply first = api.post("/api/v1/tasks/batch", body, "Idempotency-Key", "minimal-" + type, "Prefer", "return=minimal");
        JsonNode created = first.expect(201);

        assertThat(first.header("Preference-Applied")).isEqualTo("return=minimal");
        assertThat(created.path("tasks")).hasSize(2).allSatisfy(t -> {
            assertThat(t.path("created").asBoolean()).isTrue();
            assertThat(t.fieldNames()).toIterable().containsExactly("id", "created");
        });
        List<String> ids = created.path("tasks").findValuesAsText("id");
        assertThat(ids.stream().map(id -> api.get("/api/v1/tasks/" + id).expect(200).path("payload").asInt())).containsExactly(1, 2);
        assertThat(ids).allSatisfy(id -> assertThat(api.get("/api/v1/tasks/" + id + "/events").expect(200).path("events"))
                .extracting(e -> e.path("status").asText()).containsExactly("pending"));

        // a replay: the same ids, none created; other preferences and spellings are understood as RFC 7240 says
        Reply again = api.post("/api/v1/tasks/batch", body, "Idempotency-Key", "minimal-" + type,
                "Prefer", "respond-async, RETURN = \"minimal\"; foo=bar");
        assertThat(again.expect(200).path("tasks")).extracting(t -> t.path("id").asText(), t -> t.path("created").asBoolean())
                .containsExactly(tuple(ids.get(0), false), tuple(ids.get(1), false));
        assertThat(again.header("Preference-Applied")).isEqualTo("return=minimal");
    }

    @Test
    void batch_withoutPreferOrWithReturnRepresentation_answersTheFullTasks() {
        String type = newType();
        for (String[] headers : List.of(new String[0], new String[] {"Prefer", "return=representation"})) {
            Reply reply = api.post("/api/v1/tasks/batch", "[{\"type\":\"" + type + "\",\"payload\":7}]", headers);

            assertThat(reply.expect(201).path("tasks")).singleElement().satisfies(t -> {
                assertThat(t.path("payload").asInt()).isEqualTo(7);
                assertThat(t.path("status").asText()).isEqualTo("pending");
                assertThat(t.has("created")).isFalse();
            });
            assertThat(reply.header("Preference-Applied")).isNull();
        }
    }

    @Test
    void putAndPatch_mergeTheEditableFields_andBumpTheVersion() {
        JsonNode task = create(newType(), "\"metadata\":{\"keep\":1,\"drop\":2},\"tags\":{\"a\":\"1\",\"b\":\"2\"}");

        JsonNode put = api.put(taskPath(task), "{\"state\":\"Step 1\",\"progress\":40,\"metadata\":{\"drop\":null,\"new\":3},"
                + "\"tags\":{\"b\":null,\"c\":\"3\"},\"priority\":9}").expect(200);
        JsonNode patched = api.patch(taskPath(task), "{\"progress\":50}").expect(200);

        assertThat(put.path("state").asText()).isEqualTo("Step 1");
        assertThat(put.path("metadata")).isEqualTo(Reply.tree("{\"keep\":1,\"new\":3}"));
        assertThat(put.path("tags").toString()).contains("\"a\":\"1\"").contains("\"c\":\"3\"").doesNotContain("\"b\"");
        assertThat(put.path("priority").asInt()).isEqualTo(9);
        assertThat(put.path("status").asText()).isEqualTo("pending");
        assertThat(patched.path("progress").asInt()).isEqualTo(50);
        assertThat(patched.path("state").asText()).isEqualTo("Step 1");
        assertThat(patched.path("version").asInt()).isEqualTo(task.path("version").asInt() + 2);
    }

    @Test
    void update_withAStaleIfMatch_is412_andWithTheCurrentVersionSucceeds() {
        JsonNode task = create(newType(), "");
        int v = task.path("version").asInt();
        api.patch(taskPath(task), "{\"progress\":1}", "If-Match", "\"" + v + "\"").expect(200);

        api.patch(taskPath(task), "{\"progress\":2}", "If-Match", "\"" + v + "\"").expectProblem(412);
        api.put(taskPath(task), "{\"progress\":2}", "If-Match", "W/\"" + v + "\"").expectProblem(412);
        api.put(taskPath(task), "{\"progress\":2}", "If-Match", "not-a-version").expectProblem(412);
        Reply ok = api.put(taskPath(task), "{\"progress\":3}", "If-Match", String.valueOf(v + 1));
        assertThat(ok.expect(200).path("progress").asInt()).isEqualTo(3);
        assertThat(ok.header("ETag")).isEqualTo("\"" + (v + 2) + "\"");
    }

    @Test
    void update_thatSetsStatusOrAnInvalidValue_is422() {
        JsonNode task = create(newType(), "");
        assertThat(api.put(taskPath(task), "{\"status\":\"completed\"}").expectProblem(422).path("detail").asText())
                .contains("complete");
        api.patch(taskPath(task), "{\"progress\":150}").expectProblem(422);
        api.patch(taskPath(task), "{\"metadata\":\"text\"}").expectProblem(422);
        assertThat(api.get(taskPath(task)).expect(200).path("version")).isEqualTo(task.path("version"));
    }

    @Test
    void delete_returns204_andTheTaskIsGoneWithItsEvents() {
        JsonNode task = create(newType(), "");
        assertThat(api.delete(taskPath(task)).status()).isEqualTo(204);

        api.get(taskPath(task)).expectProblem(404);
        api.get(taskPath(task) + "/events").expectProblem(404);
        api.delete(taskPath(task)).expectProblem(404);
    }

    @Test
    void get_ofAnUnknownIdOrANonUuid_is404() {
        api.get("/api/v1/tasks/0190a0a0-0000-7000-8000-000000000000").expectProblem(404);
        api.get("/api/v1/tasks/not-a-uuid").expectProblem(404);
        api.post("/api/v1/tasks/not-a-uuid/cancel", "").expectProblem(404);
    }

    @Test
    void list_defaultsToPendingInClaimOrder_andFiltersByTypeTagAndCreationTime() {
        String type = newType();
        JsonNode low = create(type, "\"priority\":1,\"tags\":{\"team\":\"a\"}");
        JsonNode high = create(type, "\"priority\":7,\"tags\":{\"team\":\"b\"}");
        JsonNode claimed = create(type, "\"priority\":9");
        api.post(taskPath(claimed) + "/claim", "{\"worker\":\"w\"}").expect(200);

        JsonNode page = api.get("/api/v1/tasks?type=" + type).expect(200);
        assertThat(page.path("tasks")).extracting(t -> t.path("id").asText())
                .containsExactly(high.path("id").asText(), low.path("id").asText());
        assertThat(page.has("next_cursor")).isTrue();
        assertThat(page.path("next_cursor").isNull()).isTrue();
        assertThat(api.get("/api/v1/tasks?type=" + type + "&tag=team:a").expect(200).path("tasks"))
                .extracting(t -> t.path("id").asText()).containsExactly(low.path("id").asText());
        assertThat(api.get("/api/v1/tasks?type=" + type + "&status=all").expect(200).path("tasks").size()).isEqualTo(3);
        assertThat(api.get("/api/v1/tasks?type=" + type + "&status=all&created_after=2999-01-01T00:00:00Z")
                .expect(200).path("tasks").size()).isZero();
        assertThat(api.get("/api/v1/tasks?type=" + type + "&created_before=2000-01-01").expect(200).path("tasks").size()).isZero();
        api.get("/api/v1/tasks?created_after=yesterday").expectProblem(400);
        api.get("/api/v1/tasks?tag=nocolon").expectProblem(400);
    }

    @Test
    void list_statusIsCaseInsensitive_inProgressMeansProcessing_andAnUnknownStatusIs400() {
        String type = newType();
        JsonNode task = create(type, "");
        api.post(taskPath(task) + "/claim", "").expect(200);

        for (String status : List.of("processing", "PROCESSING", "IN_PROGRESS", "in_progress")) {
            assertThat(api.get("/api/v1/tasks?type=" + type + "&status=" + status).expect(200).path("tasks"))
                    .as(status).extracting(t -> t.path("id").asText()).containsExactly(task.path("id").asText());
        }
        assertThat(api.get("/api/v1/tasks?status=bogus").expectProblem(400).path("detail").asText()).contains("bogus");
        api.get("/api/v1/tasks?limit=5000").expectProblem(422);
        api.get("/api/v1/tasks?limit=ten").expectProblem(400);
    }

    @Test
    void list_pagesWithTheCursor() {
        String type = newType();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(create(type, "").path("id").asText());
        }
        assertThat(allPages("type=" + type)).containsExactlyElementsOf(ids);
    }

    @Test
    void stats_countTasksPerTypeAndStatus() {
        String type = newType();
        create(type, "");
        create(type, "");
        api.post(taskPath(create(type, "")) + "/cancel", "").expect(200);

        JsonNode stats = api.get("/api/v1/stats").expect(200);

        assertThat(stats.path("counts")).filteredOn(c -> c.path("type").asText().equals(type))
                .extracting(c -> c.path("status").asText() + "=" + c.path("count").asLong())
                .containsExactlyInAnyOrder("pending=2", "cancelled=1");
        assertThat(stats.path("by_status").path("pending").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(stats.path("by_status").has("failed")).isTrue();
        assertThat(stats.path("oldest_ready_age_seconds").asDouble()).isGreaterThanOrEqualTo(0);
    }
}
