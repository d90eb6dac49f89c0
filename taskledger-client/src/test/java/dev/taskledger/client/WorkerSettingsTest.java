package dev.taskledger.client;

import dev.taskledger.protocol.Json;
import dev.taskledger.protocol.TaskDto;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rules of {@link WorkerSettings} as {@link WorkerBuilder} builds them; no server needed. */
class WorkerSettingsTest {
    private final TaskledgerClient client = TaskledgerClient.builder().baseUrl("http://127.0.0.1:1").build();

    private WorkerBuilder builder() {
        return Worker.builder(client).types("email").handler(task -> null);
    }

    @Test
    void defaults() {
        WorkerSettings s = builder().settings();

        assertThat(s.types()).containsExactly("email");
        assertThat(s.concurrency()).isEqualTo(4);
        assertThat(s.prefetch()).isNull(); // adaptive
        assertThat(s.prefetchPolicy().max()).isEqualTo(40);
        assertThat(places(s)).isEqualTo(44);
        assertThat(s.pollWait()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.leaseSeconds()).isNull();
        assertThat(s.heartbeatInterval()).isNull();
        assertThat(s.shutdownTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.nonRetryable()).containsExactly(NonRetryableException.class);
        assertThat(s.retryIn(3)).isNull();
        assertThat(s.batchReports()).isTrue();
        assertThat(s.claimLinger()).isEqualTo(Duration.ofMillis(2));
        assertThat(s.maxBatch()).isEqualTo(500);
        assertThat(s.workerId()).matches(".+-\\d+-[0-9a-f]{8}");
    }

    @Test
    void theBuilderAnswersTheValuesItBuildsWith() {
        WorkerBuilder b = builder().concurrency(8).prefetch(32).claimLinger(Duration.ZERO);
        WorkerSettings s = b.settings();

        assertThat(b.concurrency()).isEqualTo(s.concurrency()).isEqualTo(8);
        assertThat(b.prefetch()).hasValue(32);
        assertThat(s.prefetch()).isEqualTo(32);
        assertThat(s.prefetchPolicy().max()).isEqualTo(32);
        assertThat(b.claimLinger()).isEqualTo(s.claimLinger()).isEqualTo(Duration.ZERO);
        assertThat(places(s)).isEqualTo(40);
    }

    @Test
    void theDefaultPrefetchAdapts_aFixedOneCanBeSetAndUndone() {
        assertThat(builder().prefetch()).isEmpty();
        assertThat(builder().prefetch(0).prefetch()).hasValue(0);
        assertThat(places(builder().prefetch(0).settings())).isEqualTo(4);
        assertThat(builder().prefetch(7).adaptivePrefetch().prefetch()).isEmpty();
    }

    @Test
    void aBadValueFailsWhereItIsGiven() {
        assertThatThrownBy(() -> builder().concurrency(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("concurrency must be between 1 and 1000");
        assertThatThrownBy(() -> builder().concurrency(1_001)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder().prefetch(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("prefetch must be between 0 and 10000");
        assertThatThrownBy(() -> builder().prefetch(10_001)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder().pollWait(Duration.ofSeconds(31))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("pollWait must be between 0 and 30 seconds");
        assertThatThrownBy(() -> builder().pollWait(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThat(places(builder().concurrency(1_000).prefetch(10_000).pollWait(Duration.ofSeconds(30)).settings()))
                .isEqualTo(11_000);
    }

    @Test
    void typesAndHandlerAreRequiredAtBuild() {
        assertThatThrownBy(() -> Worker.builder(client).handler(task -> null).build())
                .isInstanceOf(IllegalStateException.class).hasMessage("a worker needs at least one task type");
        assertThatThrownBy(() -> Worker.builder(client).types("email").build())
                .isInstanceOf(IllegalStateException.class).hasMessage("a worker needs a handler");
    }

    @Test
    void theSettingsDoNotChangeWhenTheBuilderGoesOn() {
        WorkerBuilder b = builder();
        WorkerSettings s = b.settings();
        b.types("sms").nonRetryable(IllegalStateException.class).maxBatch(0);

        assertThat(s.types()).containsExactly("email");
        assertThat(s.nonRetryable()).containsExactly(NonRetryableException.class);
        assertThat(b.settings().types()).containsExactly("email", "sms");
        assertThat(b.settings().maxBatch()).isEqualTo(1);
    }

    @Test
    void heartbeatsEveryThirdOfTheLease_atLeastEvery100ms_unlessSet() {
        WorkerSettings s = builder().settings();
        assertThat(s.heartbeatNanos(30)).isEqualTo(TimeUnit.SECONDS.toNanos(10));
        assertThat(s.heartbeatNanos(0)).isEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
        assertThat(builder().heartbeatInterval(Duration.ofMillis(250)).settings().heartbeatNanos(30))
                .isEqualTo(TimeUnit.MILLISECONDS.toNanos(250));
    }

    @Test
    void theLeaseIsTheWorkersElseTheTasks() throws Exception {
        TaskDto task = Json.read("{\"id\":\"id-1\",\"type\":\"email\",\"lease_seconds\":45}", TaskDto.class);
        assertThat(builder().settings().leaseSecondsOf(task)).isEqualTo(45);
        assertThat(builder().leaseSeconds(12).settings().leaseSecondsOf(task)).isEqualTo(12);
    }

    @Test
    void nonRetryableMatchesSubclassesAndCauses() {
        WorkerSettings s = builder().nonRetryable(UncheckedIOException.class).settings();

        assertThat(s.isNonRetryable(new NonRetryableException("no"))).isTrue();
        assertThat(s.isNonRetryable(new RuntimeException("wrapped", new UncheckedIOException(new java.io.IOException())))).isTrue();
        assertThat(s.isNonRetryable(new IllegalStateException("flaky"))).isFalse();
    }

    @Test
    void retryDelayIsAskedWithTheAttempt() {
        WorkerSettings s = builder().retryDelay(n -> Duration.ofSeconds(n * 10L)).settings();
        assertThat(s.retryIn(2)).isEqualTo(Duration.ofSeconds(20));
    }

    /** The most claimed tasks a worker with these settings holds: its running ones and the most that may wait. */
    private static int places(WorkerSettings s) {
        return s.concurrency() + s.prefetchPolicy().max();
    }
}
