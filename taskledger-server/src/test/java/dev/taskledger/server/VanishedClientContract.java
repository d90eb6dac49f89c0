package dev.taskledger.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskledger.queue.Undelivered;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Long-polls whose client vanishes, over real sockets against the running server: a claim whose connection
 * closes stops waiting at once and is never handed a task, and tasks whose answer cannot be written go back to
 * pending at once instead of waiting out their lease. Once per backend.
 */
abstract class VanishedClientContract extends ApiTestBase {
    private static final String CLAIM = "/api/v1/tasks/claim";
    /** How soon a closed connection must be noticed (measured: well under 10 ms on loopback). */
    private static final Duration NOTICED_WITHIN = Duration.ofSeconds(2);

    enum Gone { OLDER, NEWER }

    @ParameterizedTest
    @EnumSource(RawConnection.Close.class)
    void aLongPollWhoseClientCloses_stopsWaitingAtOnce_andTheNextTaskStaysPending(RawConnection.Close how) {
        String type = newType();
        int before = app.waitingClaims();
        RawConnection gone = RawConnection.connect(app.port()).post(CLAIM, claimBody(type, "gone", 30));
        awaitWaiting(before + 1);

        long closed = System.nanoTime();
        gone.close(how);
        awaitNoticed(before);
        System.err.printf("[vanished-client] %s noticed after %.1f ms%n", how, (System.nanoTime() - closed) / 1e6);

        JsonNode created = create(type, "");
        assertThat(created.path("status").asText()).as("not handed to the closed claim").isEqualTo("pending");
        JsonNode claimed = claimOne(type, "live");
        assertThat(claimed.path("id")).isEqualTo(created.path("id"));
        assertThat(claimed.path("retry_count").asInt()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Gone.class)
    void ofTwoWaitingClaims_theNextTaskGoesToTheOneWhoseClientIsThere(Gone which) throws Exception {
        String type = newType();
        int before = app.waitingClaims();
        RawConnection gone = null;
        CompletableFuture<Reply> live = null;
        for (Gone turn : Gone.values()) { // the older claim first
            if (turn == which) {
                gone = RawConnection.connect(app.port()).post(CLAIM, claimBody(type, "gone", 30));
            } else {
                live = api.postAsync(CLAIM, claimBody(type, "live", 30));
            }
            awaitWaiting(before + turn.ordinal() + 1);
        }

        gone.close(RawConnection.Close.FIN);
        if (which == Gone.NEWER) {
            awaitNoticed(before + 1); // else the newer (closed) claim would be first in line for the hand-off
        }
        JsonNode created = create(type, "");

        JsonNode handed = live.get(10, TimeUnit.SECONDS).expect(200).path("tasks");
        assertThat(handed).extracting(t -> t.path("id").asText()).containsExactly(created.path("id").asText());
        assertThat(created.path("worker").asText()).as("handed straight to the live claim").isEqualTo("live");
        awaitNoticed(before);
    }

    @Test
    void aClientThatClosesBeforeItsClaimIsAnswered_keepsNothing_andTheTasksAreBackAtOnce() {
        String type = newType();
        StringBuilder batch = new StringBuilder("{\"tasks\":[");
        for (int i = 0; i < 200; i++) {
            batch.append(i == 0 ? "" : ",").append("{\"type\":\"").append(type).append("\"}");
        }
        api.post("/api/v1/tasks/batch", batch.append("]}").toString()).expect(201);
        RawConnection gone = RawConnection.connect(app.port()).post(CLAIM, "{\"types\":[\"" + type + "\"],\"worker\":\"gone\",\"limit\":200}");

        gone.close(RawConnection.Close.FIN); // while its claim of 200 tasks runs: the answer finds the connection closed

        JsonNode page = await().atMost(Duration.ofSeconds(10)).until(
                () -> api.get("/api/v1/tasks?type=" + type + "&status=pending&limit=1000").expect(200),
                p -> p.path("tasks").size() == 200);
        JsonNode task = page.path("tasks").get(0);
        assertThat(task.path("retry_count").asInt()).isZero();
        // on a loaded machine the listing can see all 200 pending before the claim has even run: wait for its return
        JsonNode events = await().atMost(Duration.ofSeconds(10)).until(
                () -> api.get(taskPath(task) + "/events").expect(200).path("events"), e -> e.size() >= 3);
        assertThat(events).extracting(e -> e.path("status").asText()).containsExactly("pending", "processing", "pending");
        assertThat(events.get(0).path("detail").path("reason").asText()).isEqualTo(Undelivered.CLIENT_GONE.reason());
        assertThat(events.get(0).path("detail").path("worker").asText()).isEqualTo("gone");
    }

    @Test
    void aClaimAnswerThatCannotBeWritten_putsItsTasksBackToPendingAtOnce() {
        String type = newType();
        // 32 tasks of 256 KB: an 8 MB answer, more than the sockets buffer, so its write is still going on when the client resets
        String blob = "x".repeat(256 * 1024);
        List<JsonNode> created = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            created.add(create(type, "\"payload\":{\"blob\":\"" + blob + "\"}"));
        }
        JsonNode last = created.getLast();
        RawConnection client = RawConnection.connect(app.port(), 4096)
                .post(CLAIM, "{\"types\":[\"" + type + "\"],\"worker\":\"reader\",\"limit\":32}");
        client.awaitAnswerStarted(16); // the server is writing; the rest cannot fit into the sockets' buffers

        client.close(RawConnection.Close.RESET);

        await().atMost(Duration.ofSeconds(10)).until(() -> created.stream().allMatch(t -> status(t).equals("pending")));
        JsonNode events = api.get(taskPath(last) + "/events").expect(200).path("events");
        assertThat(events.get(0).path("status").asText()).isEqualTo("pending");
        assertThat(events.get(0).path("actor").asText()).isEqualTo("SYSTEM");
        assertThat(events.get(0).path("detail").path("reason").asText()).isEqualTo(Undelivered.WRITE_FAILED.reason());
        assertThat(events.get(0).path("detail").path("worker").asText()).isEqualTo("reader");
        JsonNode back = api.get(taskPath(last)).expect(200);
        assertThat(back.path("retry_count").asInt()).as("the attempt is not counted").isZero();
        assertThat(back.has("worker")).isFalse();
    }

    @Test
    void longPollsOneAfterAnotherOnOneConnection_waitTheirTime_andTheLastStopsWhenTheConnectionCloses() {
        String type = newType();
        int before = app.waitingClaims();
        RawConnection connection = RawConnection.connect(app.port());
        for (int i = 0; i < 3; i++) { // the connection's earlier watches do not cut the next wait short
            long start = System.nanoTime();
            assertThat(connection.post(CLAIM, claimBody(type, "w", 1)).read().expect(200).path("tasks").size()).isZero();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(900));
        }
        connection.post(CLAIM, claimBody(type, "w", 30));
        awaitWaiting(before + 1);
        JsonNode created = create(type, "");
        assertThat(connection.read().expect(200).path("tasks")).extracting(t -> t.path("id").asText())
                .containsExactly(created.path("id").asText());

        connection.post(CLAIM, claimBody(type, "w", 30));
        awaitWaiting(before + 1);
        connection.close(RawConnection.Close.FIN);
        awaitNoticed(before);
        assertThat(create(type, "").path("status").asText()).isEqualTo("pending");
    }

    private String status(JsonNode task) {
        return api.get(taskPath(task)).expect(200).path("status").asText();
    }

    private static String claimBody(String type, String worker, int waitSeconds) {
        return "{\"types\":[\"" + type + "\"],\"worker\":\"" + worker + "\",\"wait_seconds\":" + waitSeconds + "}";
    }

    private void awaitWaiting(int claims) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(2)).until(() -> app.waitingClaims() == claims);
    }

    private void awaitNoticed(int claims) {
        await("the closed claim stops waiting").atMost(NOTICED_WITHIN).pollInterval(Duration.ofMillis(1))
                .until(() -> app.waitingClaims() == claims);
    }
}
