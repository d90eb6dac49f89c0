package dev.taskledger.jobs;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The one lifecycle of the node's background loops, stepped by a clock the test moves. */
class BackgroundLoopTest {
    private static final Duration INTERVAL = Duration.ofSeconds(30);

    private final ManualLoopClock clock = new ManualLoopClock();
    private final BackgroundJob job = new BackgroundJob("test-loop", INTERVAL,
            Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
    private final AtomicInteger steps = new AtomicInteger();
    private BackgroundLoop loop;

    @AfterEach
    void stopTheLoop() {
        if (loop != null) {
            loop.stop();
        }
    }

    /** Moves the clock by {@code by}, waits until the loop is parked again, and checks the steps run so far. */
    private void advanceAndExpect(Duration by, int stepsSoFar) throws InterruptedException {
        clock.advance(by);
        clock.awaitIdle(1);
        assertThat(steps).hasValue(stepsSoFar);
    }

    @Test
    void aPeriodicLoop_stepsOncePerInterval_countedFromTheEndOfTheLastStep() throws Exception {
        loop = BackgroundLoop.periodic(job, clock, steps::incrementAndGet);
        loop.start();

        clock.awaitIdle(1);
        assertThat(steps).as("the first step is one interval away").hasValue(0);
        advanceAndExpect(INTERVAL.minusMillis(1), 0);
        advanceAndExpect(Duration.ofMillis(1), 1);
        advanceAndExpect(INTERVAL, 2);
    }

    @Test
    void theStepSaysHowLongToWait_andWakeStartsTheNextStepAtOnce() throws Exception {
        List<Duration> waits = new CopyOnWriteArrayList<>(List.of(Duration.ZERO, Duration.ofMinutes(5)));
        CountDownLatch woken = new CountDownLatch(3);
        loop = new BackgroundLoop(job, clock, new BackgroundLoop.Settings(Duration.ZERO, INTERVAL, Duration.ZERO,
                Duration.ofSeconds(5)), () -> {
            steps.incrementAndGet();
            woken.countDown();
            return waits.isEmpty() ? Duration.ofHours(1) : waits.removeFirst();
        });
        loop.start();

        clock.awaitIdle(1);
        assertThat(steps).as("at once, then at once again, then five minutes").hasValue(2);
        loop.wake();
        assertThat(woken.await(10, TimeUnit.SECONDS)).as("a wake-up ends the five minutes").isTrue();
        clock.awaitIdle(1);
        assertThat(steps).hasValue(3);
        clock.advance(Duration.ofMinutes(59));
        clock.awaitIdle(1);
        assertThat(steps).as("the next wait is the hour the step asked for").hasValue(3);
    }

    @Test
    void aStepThatThrows_doesNotEndTheLoop_andTheNextStepComesAfterTheFailureWait() throws Exception {
        loop = new BackgroundLoop(job, clock, new BackgroundLoop.Settings(Duration.ZERO, Duration.ofSeconds(7),
                Duration.ZERO, Duration.ofSeconds(5)), () -> {
            if (steps.incrementAndGet() <= 2) {
                throw new StackOverflowError("a step that fails (test)");
            }
            return INTERVAL;
        });
        loop.start();

        clock.awaitIdle(1);
        assertThat(steps).hasValue(1);
        advanceAndExpect(Duration.ofSeconds(7), 2);
        advanceAndExpect(Duration.ofSeconds(7), 3);
        assertThat(job.failures()).isEqualTo(2);
        assertThat(job.lastSuccess()).isNotNull();
        assertThat(job.problem()).isNull();
    }

    @Test
    void startAndStop_areIdempotent_stopEndsTheWaitAtOnce_andTheLoopStartsAgain() throws Exception {
        AtomicInteger ended = new AtomicInteger();
        AtomicInteger stopping = new AtomicInteger();
        loop = new BackgroundLoop(job, clock, BackgroundLoop.Settings.periodic(INTERVAL), new LoopStep() {
            @Override
            public Duration run() {
                steps.incrementAndGet();
                return INTERVAL;
            }

            @Override
            public void stopping() {
                stopping.incrementAndGet();
            }

            @Override
            public void ended() {
                ended.incrementAndGet();
            }
        });
        loop.start();
        loop.start();
        clock.awaitIdle(1);

        loop.stop(); // the loop waits for a whole interval of a clock that never moves: only the stop ends it
        loop.stop();
        clock.awaitIdle(0);
        assertThat(ended).as("the loop's thread ended once").hasValue(1);
        assertThat(stopping).hasValue(1);
        assertThat(steps).hasValue(0);

        loop.start();
        clock.awaitIdle(1);
        advanceAndExpect(INTERVAL, 1);
        loop.stop();
        assertThat(ended).hasValue(2);
    }

    @Test
    void stop_interruptsAStepThatOutlastsItsGrace() throws Exception {
        CountDownLatch inStep = new CountDownLatch(1);
        AtomicInteger interrupted = new AtomicInteger();
        loop = new BackgroundLoop(job, clock, new BackgroundLoop.Settings(Duration.ZERO, INTERVAL, Duration.ZERO,
                Duration.ofSeconds(5)), () -> {
            inStep.countDown();
            try {
                new CountDownLatch(1).await(); // a step that never ends on its own
            } catch (InterruptedException e) {
                interrupted.incrementAndGet();
            }
            return INTERVAL;
        });
        loop.start();
        assertThat(inStep.await(10, TimeUnit.SECONDS)).isTrue();

        loop.stop();

        assertThat(interrupted).hasValue(1);
        assertThat(job.problem()).as("stopped on purpose").isNull();
    }
}
