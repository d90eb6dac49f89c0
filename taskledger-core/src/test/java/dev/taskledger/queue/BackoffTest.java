package dev.taskledger.queue;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link Backoff}: {@code base * 2^(attempt-1)}, capped, then ±10% jitter. */
class BackoffTest {
    private static final int DRAWS = 200;
    private final Backoff backoff = new Backoff(Duration.ofSeconds(2), Duration.ofHours(1));

    @Test
    void theDelayDoublesWithEachAttempt_withinTenPercent() {
        assertWithinJitter(1, 2_000);
        assertWithinJitter(2, 4_000);
        assertWithinJitter(3, 8_000);
        assertWithinJitter(11, 2_048_000);
    }

    @Test
    void theDelayStopsGrowingAtTheCap_whichTheJitterMayExceedByTenPercent() {
        assertWithinJitter(12, 3_600_000); // 2 s * 2^11 = 4,096 s > 1 h
        assertWithinJitter(31, 3_600_000);
        assertWithinJitter(Integer.MAX_VALUE, 3_600_000); // the exponent stops at 30: no overflow
    }

    @Test
    void attemptsBelowOne_waitTheBase() {
        assertWithinJitter(0, 2_000);
        assertWithinJitter(-5, 2_000);
    }

    @Test
    void theJitterSpreadsTheDelays() {
        Set<Duration> seen = new HashSet<>();
        for (int i = 0; i < DRAWS; i++) {
            seen.add(backoff.delayAfter(1));
        }
        assertThat(seen).as("distinct delays in %d draws of 1,800 to 2,200 ms", DRAWS).hasSizeGreaterThan(10);
    }

    @Test
    void theDefault_isTwoSecondsDoubling_upToAnHour() {
        assertThat(Backoff.DEFAULT).isEqualTo(new Backoff(Duration.ofSeconds(2), Duration.ofHours(1)));
    }

    private void assertWithinJitter(int attempt, long expectedMillis) {
        for (int i = 0; i < DRAWS; i++) {
            assertThat(backoff.delayAfter(attempt).toMillis()).as("delay after attempt %d", attempt)
                    .isBetween(Math.round(expectedMillis * 0.9), Math.round(expectedMillis * 1.1));
        }
    }
}
