package dev.taskledger.store;

import org.junit.jupiter.api.Test;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link ConflictRetry}: which failures run a transaction again, how often, and the pauses between. */
class ConflictRetryTest {

    @Test
    void aConflictRunsTheTransactionAgain_untilItSucceeds() {
        AtomicInteger runs = new AtomicInteger();
        String result = ConflictRetry.run(() -> {
            int n = runs.incrementAndGet();
            if (n == 1) {
                throw new StoreException.VersionConflict(UUID.randomUUID(), 1);
            }
            if (n == 2) {
                throw new StoreException.TransientConflict("deadlock", null);
            }
            return "done";
        });
        assertThat(result).isEqualTo("done");
        assertThat(runs).hasValue(3);
    }

    @Test
    void aConflictThatPersists_isRethrownAfterTheLastAttempt() {
        AtomicInteger runs = new AtomicInteger();
        StoreException.TransientConflict conflict = new StoreException.TransientConflict("serialization failure", null);
        assertThatThrownBy(() -> ConflictRetry.run(() -> {
            runs.incrementAndGet();
            throw conflict;
        })).isSameAs(conflict);
        assertThat(runs).hasValue(Store.CONFLICT_ATTEMPTS);
    }

    @Test
    void otherFailures_areNotRetried() {
        AtomicInteger runs = new AtomicInteger();
        assertThatThrownBy(() -> ConflictRetry.run(() -> {
            runs.incrementAndGet();
            throw new StoreException.Unavailable("down", null);
        })).isInstanceOf(StoreException.Unavailable.class);
        assertThatThrownBy(() -> ConflictRetry.run(() -> {
            runs.incrementAndGet();
            throw new StoreException.DuplicateKey("dup", null);
        })).isInstanceOf(StoreException.DuplicateKey.class);
        assertThat(runs).hasValue(2);
    }

    @Test
    void pauses_doubleFromOneMillisecond_upToFifty() {
        assertThat(ConflictRetry.pauseMicros(1)).isEqualTo(1_000);
        assertThat(ConflictRetry.pauseMicros(2)).isEqualTo(2_000);
        assertThat(ConflictRetry.pauseMicros(6)).isEqualTo(32_000);
        assertThat(ConflictRetry.pauseMicros(7)).isEqualTo(50_000);
        assertThat(ConflictRetry.pauseMicros(40)).isEqualTo(50_000);
    }
}
