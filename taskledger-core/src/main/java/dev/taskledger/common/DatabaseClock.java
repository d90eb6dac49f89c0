package dev.taskledger.common;

import dev.taskledger.store.ClockReading;
import dev.taskledger.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The database's time, as this node sees it: the node's clock plus the offset between the two, measured by
 * {@link #measure()} (at start and then periodically). Services judge leases, readiness ({@code run_at}) and event
 * times by it, so service nodes sharing a database agree on them however far their own clocks are apart.
 *
 * <p>A measurement reads the database's clock {@value #SAMPLES} times and keeps the reading with the shortest round
 * trip; the database read its clock somewhere during that query, so the offset is taken at the query's midpoint and
 * is exact to within half its round trip ({@link #uncertainty()}; ~0.1–1 ms on a LAN). Between measurements the
 * error grows by the drift of the node's clock (a few milliseconds a minute at worst), and a jump of the node's
 * clock (a manual change, an NTP step) shows until the next measurement. Where the store has no clock of its own
 * (SQLite), the offset stays zero: this is the node's clock.
 */
public final class DatabaseClock extends Clock {
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseClock.class);
    static final int SAMPLES = 3;
    /** An offset this large is logged as a warning: the node's clock needs fixing (its logs are off by as much). */
    private static final Duration LARGE_OFFSET = Duration.ofSeconds(1);
    /** A later measurement is logged when the offset moved by more than this. */
    private static final Duration NOTABLE_CHANGE = Duration.ofMillis(100);

    /** The offset in use and its error bound; {@code null} until the first measurement. */
    private record Measurement(Duration offset, Duration uncertainty) {}

    private final Store store;
    private final Clock node;
    private final AtomicReference<Measurement> measurement;
    private final ZoneId zone;

    private DatabaseClock(Store store, Clock node, AtomicReference<Measurement> measurement, ZoneId zone) {
        this.store = store;
        this.node = node;
        this.measurement = measurement;
        this.zone = zone;
    }

    /** A clock over {@code store}'s database with the offset not yet measured (zero): call {@link #measure()} before use. */
    public static DatabaseClock unmeasured(Store store, Clock node) {
        return new DatabaseClock(store, node, new AtomicReference<>(), ZoneOffset.UTC);
    }

    /**
     * Measures the offset between the node's clock and the database's again. When the database cannot be reached
     * the previous offset stays in use and the store's exception is thrown.
     */
    public void measure() {
        Optional<ClockReading> best = Optional.empty();
        for (int i = 0; i < SAMPLES; i++) {
            Optional<ClockReading> reading = store.readClock();
            if (reading.isEmpty()) {
                break; // no clock of its own: the node's clock is the database's
            }
            if (best.isEmpty() || reading.get().roundTripNanos() < best.get().roundTripNanos()) {
                best = reading;
            }
        }
        Measurement next = best.map(r -> {
            // the node's clock at the query's midpoint: now, less the time since then on the monotonic clock
            long sinceMidpoint = System.nanoTime() - (r.sentNanos() + r.roundTripNanos() / 2);
            Instant nodeAtMidpoint = node.instant().minusNanos(sinceMidpoint);
            return new Measurement(Duration.between(nodeAtMidpoint, r.databaseTime()), Duration.ofNanos(r.roundTripNanos() / 2));
        }).orElse(new Measurement(Duration.ZERO, Duration.ZERO));
        Measurement previous = measurement.getAndSet(next);
        log(previous, next);
    }

    private void log(Measurement previous, Measurement next) {
        boolean large = next.offset().abs().compareTo(LARGE_OFFSET) >= 0;
        if (previous != null && next.offset().minus(previous.offset()).abs().compareTo(NOTABLE_CHANGE) <= 0) {
            return;
        }
        String line = "this node's clock is {} ms {} the database's ({}), measured to within ±{} ms; leases, run_at and"
                + " event times follow the database's clock";
        Object[] args = {Math.round(Math.abs(next.offset().toNanos()) / 1e6), next.offset().isNegative() ? "ahead of" : "behind",
                store.describe(), String.format(java.util.Locale.ROOT, "%.3f", next.uncertainty().toNanos() / 1e6)};
        if (large) {
            LOG.warn(line + "; synchronise this node's clock (NTP): its own logs are off by as much", args);
        } else {
            LOG.info(line, args);
        }
    }

    /** How far the database's clock is ahead of the node's (negative: behind). */
    public Duration offset() {
        Measurement m = measurement.get();
        return m == null ? Duration.ZERO : m.offset();
    }

    /** The error bound of {@link #offset()} when it was measured: half the round trip of the reading it came from. */
    public Duration uncertainty() {
        Measurement m = measurement.get();
        return m == null ? Duration.ZERO : m.uncertainty();
    }

    @Override
    public Instant instant() {
        Measurement m = measurement.get();
        Instant now = node.instant();
        return m == null ? now : now.plus(m.offset());
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /** The same clock (sharing its measurements) in another zone. */
    @Override
    public Clock withZone(ZoneId newZone) {
        return newZone.equals(zone) ? this : new DatabaseClock(store, node, measurement, newZone);
    }

    @Override
    public String toString() {
        return "DatabaseClock[" + store.describe() + ", offset " + offset() + " ± " + uncertainty() + "]";
    }
}
