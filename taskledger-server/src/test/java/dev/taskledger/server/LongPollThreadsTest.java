package dev.taskledger.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * More long-polling claims waiting at once than Jetty's platform thread pool has threads (250) still leave the
 * server answering: requests run on virtual threads, so a waiting claim holds no request thread. (Checked: with
 * requests on platform threads and no hand-over of the wait, this test fails.)
 */
class LongPollThreadsTest extends ApiTestBase {
    private static final int WAITING_CLAIMS = 300;

    @Override
    protected Backend newBackend() {
        return Backend.sqlite();
    }

    @Test
    void moreLongPollsThanRequestThreads_doNotStopOtherRequests() throws Exception {
        String type = newType();
        List<CompletableFuture<Reply>> waiting = waitingClaims(type, WAITING_CLAIMS, 6);

        long start = System.nanoTime();
        JsonNode other = create(newType(), "");
        assertThat(api.get("/api/v1/tasks/" + other.path("id").asText()).expect(200).path("id").asText())
                .isEqualTo(other.path("id").asText());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));

        JsonNode handed = create(type, "");
        CompletableFuture.anyOf(waiting.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        long answered = waiting.stream().filter(CompletableFuture::isDone)
                .filter(f -> f.join().expect(200).path("tasks").size() == 1).count();
        assertThat(answered).isEqualTo(1);
        assertThat(waiting.stream().filter(CompletableFuture::isDone).flatMap(f -> {
            List<String> ids = new ArrayList<>();
            f.join().expect(200).path("tasks").forEach(t -> ids.add(t.path("id").asText()));
            return ids.stream();
        })).containsExactly(handed.path("id").asText());
    }
}
