package dev.taskledger.queue;

import dev.taskledger.common.DatabaseClock;
import dev.taskledger.jobs.BackgroundJob;
import dev.taskledger.jobs.BackgroundLoop;

import java.time.Duration;

/**
 * The background loops every node running a {@link Queue} needs for the queue to be correct, whatever serves it (the
 * HTTP server's {@code Application}, or an embedded client): the database clock's re-measuring, and the rescue of
 * attempts that ended without their worker. Both are safe on every node at once (the rescue's SQL takes row locks and
 * skips what another node holds), so neither takes a lease.
 */
public final class QueueLoops {
    /** Expired leases moved per rescuer step; the next step takes the rest. */
    public static final int RESCUE_BATCH = 500;
    /** How often the offset between this node's clock and the database's is measured again. */
    public static final Duration CLOCK_MEASURE_INTERVAL = Duration.ofSeconds(10);

    private QueueLoops() {}

    /** Measures {@code clock}'s offset to the database every {@link #CLOCK_MEASURE_INTERVAL}. */
    public static BackgroundLoop clockMeasuring(DatabaseClock clock) {
        return BackgroundLoop.periodic(new BackgroundJob("database-clock", CLOCK_MEASURE_INTERVAL, clock), clock::measure);
    }

    /**
     * One loop for both ways an attempt ends without its worker, every {@code interval}: a dead worker (its lease
     * expired: {@link LeaseRescuer}) and an overrun ({@link Timeouts}).
     */
    public static BackgroundLoop leaseRescuing(Queue queue, Duration interval, DatabaseClock clock) {
        LeaseRescuer rescuer = queue.rescuer();
        Timeouts timeouts = queue.timeouts();
        return BackgroundLoop.periodic(new BackgroundJob("lease-rescuer", interval, clock), () -> {
            rescuer.rescueExpired(RESCUE_BATCH);
            timeouts.timeOutOverdue(RESCUE_BATCH);
        });
    }
}
