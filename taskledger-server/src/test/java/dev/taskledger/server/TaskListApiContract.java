package dev.taskledger.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/v1/tasks}: sort and order with cursor paging, the lookup by idempotency key, and the 400s of
 * combinations that cannot be served; run once per backend (the *ServerContractsTest classes).
 */
abstract class TaskListApiContract extends ApiTestBase {

    private static String id(JsonNode task) {
        return task.path("id").asText();
    }

    @Test
    void sortAndOrder_pageInThatOrder() {
        String type = newType();
        JsonNode a = create(type, "\"priority\":1");
        JsonNode b = create(type, "\"priority\":5");
        JsonNode c = create(type, "\"priority\":3");
        JsonNode d = create(type, "\"priority\":5");
        JsonNode cancelled = create(type, "");
        api.post(taskPath(cancelled) + "/cancel", "").expect(200);

        assertThat(allPages("type=" + type + "&sort=created_at&order=desc")).containsExactly(id(d), id(c), id(b), id(a));
        assertThat(allPages("type=" + type + "&sort=created_at")).containsExactly(id(a), id(b), id(c), id(d));
        assertThat(allPages("type=" + type + "&sort=priority")).containsExactly(id(b), id(d), id(c), id(a));
        assertThat(allPages("type=" + type + "&sort=priority&order=asc")).containsExactly(id(a), id(c), id(d), id(b));
        assertThat(allPages("type=" + type + "&status=all&order=desc"))
                .as("any status, newest first").containsExactly(id(cancelled), id(d), id(c), id(b), id(a));
    }

    @Test
    void aCursor_usedWithAnotherSortOrOrder_is400() {
        String type = newType();
        for (int i = 0; i < 3; i++) {
            create(type, "");
        }
        String cursor = URLEncoder.encode(api.get("/api/v1/tasks?type=" + type + "&sort=created_at&order=desc&limit=1")
                .expect(200).path("next_cursor").asText(), StandardCharsets.UTF_8);

        api.get("/api/v1/tasks?type=" + type + "&sort=created_at&order=desc&limit=1&cursor=" + cursor).expect(200);
        api.get("/api/v1/tasks?type=" + type + "&sort=created_at&order=asc&limit=1&cursor=" + cursor).expectProblem(400);
        api.get("/api/v1/tasks?type=" + type + "&limit=1&cursor=" + cursor).expectProblem(400);
        api.get("/api/v1/tasks?type=" + type + "&sort=priority&order=asc&limit=1&cursor=" + cursor).expectProblem(400);
    }

    @Test
    void sortsThatCannotBeServed_andUnknownValues_are400() {
        assertThat(api.get("/api/v1/tasks?status=failed&sort=priority").expectProblem(400).path("detail").asText())
                .contains("priority");
        api.get("/api/v1/tasks?status=all&sort=priority").expectProblem(400);
        api.get("/api/v1/tasks?idempotency_key=k&sort=priority").expectProblem(400); // every status
        api.get("/api/v1/tasks?sort=updated_at").expectProblem(400);
        api.get("/api/v1/tasks?order=up").expectProblem(400);
    }

    @Test
    void idempotencyKey_findsTheTasksCreatedWithIt_inAnyStatusAndType_unlessFiltered() {
        String type = newType();
        String other = newType();
        String key = "order-" + type;
        JsonNode first = api.post("/api/v1/tasks", "{\"type\":\"" + type + "\"}", "Idempotency-Key", key).expect(201);
        JsonNode second = api.post("/api/v1/tasks", "{\"type\":\"" + other + "\",\"idempotency_key\":\"" + key + "\"}").expect(201);
        api.post(taskPath(first) + "/cancel", "").expect(200);
        create(type, "\"idempotency_key\":\"" + key + "-2\"");
        create(type, "\"payload\":\"" + key + "\",\"dedupe\":true");
        String q = "/api/v1/tasks?idempotency_key=" + URLEncoder.encode(key, StandardCharsets.UTF_8);

        assertThat(api.get(q).expect(200).path("tasks")).extracting(TaskListApiContract::id).containsExactly(id(first), id(second));
        assertThat(api.get(q + "&type=" + other).expect(200).path("tasks")).extracting(TaskListApiContract::id).containsExactly(id(second));
        assertThat(api.get(q + "&status=pending").expect(200).path("tasks")).extracting(TaskListApiContract::id).containsExactly(id(second));
        assertThat(api.get(q + "&status=cancelled&order=desc").expect(200).path("tasks")).extracting(TaskListApiContract::id)
                .containsExactly(id(first));
        assertThat(api.get(q + "-3").expect(200).path("tasks").size()).isZero();
    }
}
