package dev.taskledger.client;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class PrefetchPolicyTest {
    private static final long LEASE = TimeUnit.SECONDS.toNanos(30);
    private static final long SHORT = TimeUnit.MICROSECONDS.toNanos(200);

    @Test
    void aFixedPrefetch_neverMoves() {
        PrefetchPolicy p = PrefetchPolicy.fixed(10, 32);
        p.handlerFinished(TimeUnit.MINUTES.toNanos(5));
        p.claimed(42, 1, LEASE);

        assertThat(p.prefetch(TimeUnit.MINUTES.toNanos(5))).isEqualTo(32);
        assertThat(p.max()).isEqualTo(32);
        assertThat(PrefetchPolicy.fixed(10, 0).prefetch(0)).isZero();
    }

    @Test
    void adaptive_prefetchesNothing_untilAHandlerHasFinished() {
        PrefetchPolicy p = PrefetchPolicy.adaptive(10);
        p.claimed(10, 10, LEASE);

        assertThat(p.prefetch(0)).isZero();

        p.handlerFinished(SHORT);
        assertThat(p.prefetch(0)).isEqualTo(10);
    }

    @Test
    void adaptive_growsWhileClaimsComeBackFullAndHandlersAreShort_upToTenPerSlot() {
        PrefetchPolicy p = PrefetchPolicy.adaptive(10);
        p.handlerFinished(SHORT);
        int[] seen = new int[6];
        for (int i = 0; i < seen.length; i++) {
            p.claimed(10 + p.prefetch(0), 10 + p.prefetch(0), LEASE);
            seen[i] = p.prefetch(0);
        }

        assertThat(seen).containsExactly(10, 20, 40, 80, 100, 100);
        assertThat(p.max()).isEqualTo(100);
    }

    @Test
    void adaptive_halvesWhenClaimsComeBackShort() {
        PrefetchPolicy p = grown(10);

        p.claimed(50, 49, LEASE);
        assertThat(p.prefetch(0)).isEqualTo(50);
        p.claimed(50, 0, LEASE);
        assertThat(p.prefetch(0)).isEqualTo(25);
        for (int i = 0; i < 10; i++) {
            p.claimed(35, 3, LEASE);
        }
        assertThat(p.prefetch(0)).isZero();
    }

    @Test
    void adaptive_holdsNoMoreThanTheWorkerStartsWithinATenthOfTheLease_atMostASecond() {
        PrefetchPolicy p = grown(10);
        for (int i = 0; i < 100; i++) {
            p.handlerFinished(TimeUnit.MILLISECONDS.toNanos(200));
        }

        // 10 slots × 1 s / ~200 ms: about 50 tasks start within a second
        assertThat(p.prefetch(0)).isBetween(45, 55);

        p.claimed(1, 1, TimeUnit.SECONDS.toNanos(2)); // a 2 s lease: a tenth is 200 ms, one round of 10 slots
        assertThat(p.prefetch(0)).isBetween(9, 11);
    }

    @Test
    void adaptive_holdsNothing_whenHandlersTakeLongerThanTheStartBound() {
        PrefetchPolicy p = grown(4);
        p.handlerFinished(TimeUnit.SECONDS.toNanos(10));

        // the average moves an eighth of the way to 10 s (1.25 s): 4 slots × 1 s / 1.25 s = 3
        assertThat(p.prefetch(0)).isEqualTo(3);
        for (int i = 0; i < 20; i++) {
            p.handlerFinished(TimeUnit.SECONDS.toNanos(10));
        }
        assertThat(p.prefetch(0)).isZero();
    }

    @Test
    void adaptive_aHandlerThatIsSlowNow_countsBeforeItEnds() {
        PrefetchPolicy p = grown(10);

        assertThat(p.prefetch(0)).isEqualTo(100);
        assertThat(p.prefetch(TimeUnit.MILLISECONDS.toNanos(500))).isEqualTo(20);
        assertThat(p.prefetch(TimeUnit.SECONDS.toNanos(20))).isZero();
    }

    @Test
    void adaptive_neverPassesOneClaimsLimit() {
        assertThat(PrefetchPolicy.maxAdaptive(1)).isEqualTo(10);
        assertThat(PrefetchPolicy.maxAdaptive(95)).isEqualTo(905);
        assertThat(PrefetchPolicy.maxAdaptive(1_000)).isZero();
    }

    /** An adaptive policy grown to its ceiling by full claims and short handlers. */
    private static PrefetchPolicy grown(int concurrency) {
        PrefetchPolicy p = PrefetchPolicy.adaptive(concurrency);
        p.handlerFinished(SHORT);
        for (int i = 0; i < 10; i++) {
            p.claimed(1, 1, LEASE);
        }
        assertThat(p.prefetch(0)).isEqualTo(PrefetchPolicy.maxAdaptive(concurrency));
        return p;
    }
}
