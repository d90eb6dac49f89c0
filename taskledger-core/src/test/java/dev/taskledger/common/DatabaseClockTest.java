package dev.taskledger.common;

import dev.taskledger.store.ClockReading;
import dev.taskledger.store.Store;
import dev.taskledger.store.StoreCapabilities;
import dev.taskledger.store.StoreException;
import dev.taskledger.store.StoreTx;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How {@link DatabaseClock} turns readings of the database's clock into an offset, over a store that only reads clocks. */
class DatabaseClockTest {
    private static final Duration CLOSE = Duration.ofMillis(50);

    /** Answers {@link Store#readClock()} with the next scripted reading. */
    static final class ClockStore implements Store {
        final Deque<Supplier<Optional<ClockReading>>> readings = new ArrayDeque<>();

        @Override public Optional<ClockReading> readClock() { return readings.removeFirst().get(); }
        @Override public <T> T inOneTransaction(Function<StoreTx, T> work) { throw new UnsupportedOperationException(); }
        @Override public StoreCapabilities capabilities() { return new StoreCapabilities("clock", true, false, true, true); }
        @Override public void migrate() { }
        @Override public boolean isHealthy() { return true; }
        @Override public String describe() { return "clock"; }
        @Override public void close() { }
    }

    /** A reading whose query took {@code roundTrip}, centred on now, from a database {@code ahead} of this host's clock. */
    private static Supplier<Optional<ClockReading>> reading(Duration ahead, Duration roundTrip) {
        return () -> {
            long mid = System.nanoTime();
            return Optional.of(new ClockReading(Instant.now().plus(ahead), mid - roundTrip.toNanos() / 2, mid + roundTrip.toNanos() / 2));
        };
    }

    @Test
    void measure_keepsTheReadingWithTheShortestRoundTrip_andCorrectsTheNodesClockByItsOffset() {
        ClockStore store = new ClockStore();
        store.readings.add(reading(Duration.ofSeconds(7), Duration.ofMillis(40)));
        store.readings.add(reading(Duration.ofSeconds(5), Duration.ofMillis(4)));
        store.readings.add(reading(Duration.ofSeconds(9), Duration.ofMillis(12)));
        Clock node = Clock.offset(Clock.systemUTC(), Duration.ofSeconds(-20)); // this node's clock is 20 s behind
        DatabaseClock clock = DatabaseClock.unmeasured(store, node);

        clock.measure();

        assertThat(clock.offset().minus(Duration.ofSeconds(25)).abs()).as("offset " + clock.offset()).isLessThan(CLOSE);
        assertThat(clock.uncertainty()).isEqualTo(Duration.ofMillis(2));
        assertThat(Duration.between(Instant.now().plusSeconds(5), clock.instant()).abs()).isLessThan(CLOSE);
    }

    @Test
    void aFailedMeasurement_keepsThePreviousOffset() {
        ClockStore store = new ClockStore();
        for (int i = 0; i < DatabaseClock.SAMPLES; i++) {
            store.readings.add(reading(Duration.ofSeconds(3), Duration.ofMillis(1)));
        }
        store.readings.add(() -> {
            throw new StoreException.Unavailable("database down", null);
        });
        DatabaseClock clock = DatabaseClock.unmeasured(store, Clock.systemUTC());
        clock.measure();

        assertThatThrownBy(clock::measure).isInstanceOf(StoreException.Unavailable.class);

        assertThat(clock.offset().minus(Duration.ofSeconds(3)).abs()).isLessThan(CLOSE);
    }

    @Test
    void aDatabaseWithoutAClockOfItsOwn_leavesTheNodesClockAsItIs() {
        ClockStore store = new ClockStore();
        store.readings.add(Optional::empty);
        Instant fixed = Instant.parse("2026-01-01T00:00:00Z");
        DatabaseClock clock = DatabaseClock.unmeasured(store, Clock.fixed(fixed, java.time.ZoneOffset.UTC));

        clock.measure();

        assertThat(clock.instant()).isEqualTo(fixed);
        assertThat(clock.offset()).isZero();
    }
}
