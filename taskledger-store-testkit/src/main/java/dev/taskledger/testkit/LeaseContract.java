package dev.taskledger.testkit;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static dev.taskledger.testkit.SampleTasks.T0;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code LeaseStore}: the named leases that the singleton background jobs (outbox relay, retention) share. */
public abstract class LeaseContract extends StoreContractSupport {

    /** Asks for the lease {@code name} at {@code now}, to run until {@code until}. */
    private boolean tryAcquire(String name, String holder, Instant now, Instant until) {
        return store.leases().tryAcquire(name, holder, Clock.fixed(now, ZoneOffset.UTC), Duration.between(now, until));
    }

    @Test
    public void tryAcquire_isExclusiveUntilItExpires_andRenewableByItsHolder() {
        String lease = "outbox-relay";

        assertThat(tryAcquire(lease, "node-a", T0, T0.plusSeconds(30))).isTrue();
        assertThat(tryAcquire(lease, "node-b", T0.plusSeconds(10), T0.plusSeconds(40))).as("held by node-a").isFalse();
        assertThat(tryAcquire(lease, "node-a", T0.plusSeconds(20), T0.plusSeconds(50))).as("renewed by its holder").isTrue();
        assertThat(tryAcquire(lease, "node-b", T0.plusSeconds(45), T0.plusSeconds(75))).as("the renewal lasts until T0+50")
                .isFalse();
        assertThat(tryAcquire(lease, "node-b", T0.plusMillis(50_001), T0.plusSeconds(80))).as("expired").isTrue();
        assertThat(tryAcquire("another-lease", "node-a", T0, T0.plusSeconds(30))).as("leases are per name").isTrue();
    }

    @Test
    public void release_byItsHolder_freesIt_butNotByAnotherHolder() {
        String lease = "outbox-relay";
        tryAcquire(lease, "node-a", T0, T0.plusSeconds(30));

        store.leases().release(lease, "node-b");
        assertThat(tryAcquire(lease, "node-b", T0, T0.plusSeconds(30))).isFalse();

        store.leases().release(lease, "node-a");
        assertThat(tryAcquire(lease, "node-b", T0, T0.plusSeconds(30))).isTrue();
        store.leases().release("never-taken", "node-a");
    }

    @Test
    public void theRelayAndRetentionLeases_areHeldApart() {
        assertThat(tryAcquire("outbox-relay", "node-a", T0, T0.plusSeconds(30))).isTrue();
        assertThat(tryAcquire("retention", "node-b", T0, T0.plusSeconds(30))).as("another job's lease").isTrue();

        assertThat(tryAcquire("outbox-relay", "node-b", T0.plusSeconds(1), T0.plusSeconds(31))).isFalse();
        assertThat(tryAcquire("retention", "node-a", T0.plusSeconds(1), T0.plusSeconds(31))).isFalse();
    }

    @Test
    public void theTerm_runsTtlFromTheClocksReading_toTheMillisecond() {
        Instant now = T0.plusSeconds(5).plusNanos(999_999); // the term starts at T0 + 5 s and runs 30 s
        store.leases().tryAcquire("retention", "node-a", Clock.fixed(now, ZoneOffset.UTC), Duration.ofSeconds(30));

        assertThat(tryAcquire("retention", "node-b", T0.plusSeconds(35), T0.plusSeconds(60))).as("still held at its end")
                .isFalse();
        assertThat(tryAcquire("retention", "node-b", T0.plusMillis(35_001), T0.plusSeconds(60))).as("expired after it")
                .isTrue();
    }
}
