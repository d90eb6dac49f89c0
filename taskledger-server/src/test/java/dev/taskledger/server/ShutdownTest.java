package dev.taskledger.server;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stopping the server does not wait for its long-polling claims: they answer at once with no tasks (a worker
 * then claims elsewhere), instead of holding the graceful stop for its whole timeout and being cut off.
 * (Checked: without {@code ReadySignal.close()} the stop takes the HTTP server's 10 s and the claims fail.)
 */
class ShutdownTest extends ApiTestBase {

    @Override
    protected Backend newBackend() {
        return Backend.sqlite();
    }

    @Test
    void stopping_answersWaitingClaimsEmpty_atOnce() throws Exception {
        String type = newType();
        List<CompletableFuture<Reply>> waiting = waitingClaims(type, 3, 25);

        long start = System.nanoTime();
        app.close();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the stop").isLessThan(Duration.ofSeconds(5));
        for (CompletableFuture<Reply> claim : waiting) {
            assertThat(claim.get(5, TimeUnit.SECONDS).expect(200).path("tasks").size()).isZero();
        }
    }
}
