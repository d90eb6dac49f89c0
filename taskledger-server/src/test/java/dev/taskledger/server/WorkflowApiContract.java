package dev.taskledger.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskledger.protocol.ProblemType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Workflows over HTTP (depends_on, waiting, parents and children, batch graphs); run once per backend (the
 * *ServerContractsTest classes).
 */
abstract class WorkflowApiContract extends ApiTestBase {

    private JsonNode complete(JsonNode claimed, String resultJson) {
        return api.post(taskPath(claimed) + "/complete", "{\"lease_token\":\"" + claimed.path("lease_token").asText()
                + "\",\"result\":" + resultJson + "}").expect(200);
    }

    @Test
    void child_isWaitingUntilItsParentCompletes_andAWaitingClaimGetsItThen() throws Exception {
        String type = newType();
        JsonNode parent = create(type + "-p", "");
        JsonNode child = create(type, "\"depends_on\":[\"" + parent.path("id").asText() + "\"]");
        assertThat(child.path("status").asText()).isEqualTo("waiting");
        assertThat(child.path("state").asText()).isEqualTo("Waiting for parents");
        JsonNode listed = api.get("/api/v1/tasks?status=waiting&type=" + type).expect(200);
        assertThat(listed.path("tasks")).extracting(t -> t.path("id").asText()).containsExactly(child.path("id").asText());
        api.post(taskPath(child) + "/claim", "{\"worker\":\"w\"}").expectProblem(ProblemType.NOT_CLAIMABLE);

        List<CompletableFuture<Reply>> waiting = waitingClaims(type, 1, 20);
        complete(claimOne(type + "-p", "w"), "{\"rows\":7}");

        JsonNode got = waiting.getFirst().get(10, TimeUnit.SECONDS).expect(200).path("tasks");
        assertThat(got).extracting(t -> t.path("id").asText()).containsExactly(child.path("id").asText());
        JsonNode parents = api.get(taskPath(child) + "/parents").expect(200).path("parents");
        assertThat(parents).hasSize(1);
        assertThat(parents.get(0).path("task").path("id").asText()).isEqualTo(parent.path("id").asText());
        assertThat(parents.get(0).path("result").path("rows").asInt()).isEqualTo(7);
        assertThat(parents.get(0).path("on_parent_failure").asText()).isEqualTo("cancel");
        JsonNode children = api.get(taskPath(parent) + "/children").expect(200);
        assertThat(children.path("children")).extracting(c -> c.path("task").path("id").asText())
                .containsExactly(child.path("id").asText());
        assertThat(children.path("next_cursor").isNull()).isTrue();
    }

    @Test
    void batch_createsAGraphWithRefs_andRefusesForwardRefsNamingTheField() {
        String type = newType();
        JsonNode created = api.post("/api/v1/tasks/batch", "{\"tasks\":["
                + "{\"type\":\"" + type + "\",\"ref\":\"root\"},"
                + "{\"type\":\"" + type + "\",\"ref\":\"a\",\"depends_on\":[\"root\"]},"
                + "{\"type\":\"" + type + "\",\"ref\":\"b\",\"depends_on\":[\"root\"],\"on_parent_failure\":\"run\"},"
                + "{\"type\":\"" + type + "\",\"depends_on\":[\"a\",\"b\"]}]}").expect(201).path("tasks");
        assertThat(created).extracting(t -> t.path("status").asText()).containsExactly("pending", "waiting", "waiting", "waiting");

        JsonNode problem = api.post("/api/v1/tasks/batch", "{\"tasks\":["
                + "{\"type\":\"" + type + "\",\"depends_on\":[\"later\"]},"
                + "{\"type\":\"" + type + "\",\"ref\":\"later\"}]}").expectProblem(ProblemType.INVALID_VALUE);
        assertThat(problem.path("detail").asText()).contains("tasks[0].depends_on[0]").contains("cycle");
        assertThat(api.get("/api/v1/tasks?status=all&type=" + type).expect(200).path("tasks")).hasSize(4);
    }

    @Test
    void badDependsOn_answers422NamingTheField() {
        String type = newType();
        JsonNode theirs = api.withKey(GLOBEX_KEY).post("/api/v1/tasks", "{\"type\":\"" + type + "\"}").expect(201);

        assertThat(api.post("/api/v1/tasks", "{\"type\":\"" + type + "\",\"depends_on\":[\"" + theirs.path("id").asText() + "\"]}")
                .expectProblem(ProblemType.INVALID_VALUE).path("detail").asText()).contains("depends_on[0]");
        assertThat(api.post("/api/v1/tasks", "{\"type\":\"" + type + "\",\"depends_on\":[\"nope\"]}")
                .expectProblem(ProblemType.INVALID_VALUE).path("detail").asText()).contains("depends_on[0]");
        assertThat(api.post("/api/v1/tasks", "{\"type\":\"" + type + "\",\"on_parent_failure\":\"maybe\"}")
                .expectProblem(ProblemType.INVALID_VALUE).path("detail").asText()).contains("on_parent_failure");
        api.post("/api/v1/tasks", "{\"type\":\"" + type + "\",\"depends_on\":\"x\"}").expectProblem(422);
        api.get("/api/v1/tasks/" + theirs.path("id").asText() + "/parents").expectProblem(ProblemType.NOT_FOUND);
        api.get("/api/v1/tasks/" + theirs.path("id").asText() + "/children").expectProblem(404);
    }

    @Test
    void parentFailingForGood_cancelsTheChild_andRetryingTheParentRevivesIt() {
        String type = newType();
        JsonNode parent = create(type + "-p", "\"max_attempts\":1");
        JsonNode child = create(type, "\"depends_on\":[\"" + parent.path("id").asText() + "\"]");
        JsonNode claimed = claimOne(type + "-p", "w");
        api.post(taskPath(claimed) + "/fail", "{\"lease_token\":\"" + claimed.path("lease_token").asText()
                + "\",\"error\":\"boom\"}").expect(200);
        assertThat(api.get(taskPath(child)).expect(200).path("status").asText()).isEqualTo("cancelled");
        JsonNode events = api.get(taskPath(child) + "/events").expect(200).path("events");
        assertThat(events.get(0).path("detail").path("parent").asText()).isEqualTo(parent.path("id").asText());

        api.post(taskPath(parent) + "/retry", null).expect(200);

        assertThat(api.get(taskPath(child)).expect(200).path("status").asText()).isEqualTo("waiting");
        complete(claimOne(type + "-p", "w"), "null");
        assertThat(api.get(taskPath(child)).expect(200).path("status").asText()).isEqualTo("pending");
    }
}
