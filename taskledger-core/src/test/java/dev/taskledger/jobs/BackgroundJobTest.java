package dev.taskledger.jobs;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 14, item 17: a background loop survives any Throwable of its step, and /health's rule for a stale loop. */
class BackgroundJobTest {

    /** A clock the test moves by hand. */
    private static final class HandClock extends Clock {
        private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    @Test
    void aPeriodicStepThatThrowsErrors_isTriedAgain_andTheJobRecordsFailuresAndTheLastSuccess() throws Exception {
        HandClock clock = new HandClock();
        BackgroundJob job = new BackgroundJob("test-loop", Duration.ofMillis(5), clock);
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch succeeded = new CountDownLatch(1);
        ManualLoopClock loopClock = new ManualLoopClock();
        BackgroundLoop loop = BackgroundLoop.periodic(job, loopClock, () -> {
            switch (calls.incrementAndGet()) {
                case 1 -> throw new StackOverflowError("deep recursion (test)");
                case 2 -> throw new AssertionError("a broken invariant (test)");
                case 3 -> throw new IllegalStateException("an ordinary failure (test)");
                default -> succeeded.countDown();
            }
        });
        loop.start();
        try {
            for (int step = 0; step < 4; step++) { // three failing steps, then one that succeeds
                loopClock.awaitIdle(1);
                loopClock.advance(job.interval());
            }
            assertThat(succeeded.await(10, TimeUnit.SECONDS)).as("the loop ran again after the errors").isTrue();
        } finally {
            loop.stop();
        }

        assertThat(job.failures()).isEqualTo(3);
        assertThat(job.lastSuccess()).isEqualTo(clock.instant());
        assertThat(job.lastSuccessEpochSeconds()).isEqualTo(clock.instant().getEpochSecond());
    }

    @Test
    void problem_isReported_whenNoStepSucceededForThreeIntervals_orAMinuteAtLeast() {
        HandClock clock = new HandClock();
        BackgroundJob job = new BackgroundJob("lease-rescuer", Duration.ofSeconds(1), clock);
        assertThat(job.problem()).as("not started").isNull();
        assertThat(job.lastSuccessEpochSeconds()).isZero();
        job.started();

        clock.advance(Duration.ofSeconds(60));
        assertThat(job.problem()).as("a minute at least, however short the interval").isNull();
        job.runStep(() -> { throw new AssertionError("boom"); });
        clock.advance(Duration.ofSeconds(1));
        assertThat(job.problem()).isEqualTo("background job 'lease-rescuer' has made no progress for 61 s (allowed: 60 s);"
                + " its steps fail, the node's log says why");

        assertThat(job.runStep(() -> { })).isTrue();
        assertThat(job.problem()).isNull();
        job.stopped();
        clock.advance(Duration.ofHours(1));
        assertThat(job.problem()).as("a stopped job is not a failing one").isNull();
    }

    @Test
    void aLongStepReportingProgress_isHealthy_andAnHourlyJobMayBeQuietForThreeHours() {
        HandClock clock = new HandClock();
        BackgroundJob job = new BackgroundJob("retention", Duration.ofHours(1), clock);
        job.started();
        clock.advance(Duration.ofHours(3));
        assertThat(job.problem()).isNull();

        for (int batch = 0; batch < 10; batch++) {
            clock.advance(Duration.ofMinutes(30));
            job.progress();
        }
        assertThat(job.problem()).as("five hours into one run, still deleting batch after batch").isNull();
        clock.advance(Duration.ofHours(3).plusSeconds(1));
        assertThat(job.problem()).isEqualTo("background job 'retention' has made no progress for 10801 s (allowed: 10800 s);"
                + " no step has finished");
    }

    @Test
    void aLoopThatDied_isAProblemAtOnce() {
        BackgroundJob job = new BackgroundJob("outbox-relay", Duration.ofSeconds(3), new HandClock());
        job.started();
        job.died(new OutOfMemoryError("test"));
        assertThat(job.problem()).isEqualTo("background job 'outbox-relay' has stopped; the node's log says why");
    }
}
