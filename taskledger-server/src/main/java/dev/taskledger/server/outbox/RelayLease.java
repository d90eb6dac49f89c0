package dev.taskledger.server.outbox;

import dev.taskledger.jobs.spi.LeaseStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The relay lease ({@link LeaseStore} lease {@value #NAME}): whoever holds it is the one node that publishes. It is
 * renewed at most once a second while held, and this node trusts it for only 2/3 of its length, counted from before
 * the renewal, so a relay stops publishing well before another node could take the lease over (the rest covers slow
 * I/O: a publish still on its way). Expiry is judged on the database's clock ({@code DatabaseClock}), so the nodes'
 * own clocks need not agree.
 */
final class RelayLease {
    static final String NAME = "outbox-relay";
    private static final Logger LOG = LoggerFactory.getLogger(RelayLease.class);

    private final LeaseStore leases;
    private final String nodeId;
    private final Duration ttl;
    private final Clock clock;
    private volatile boolean held;
    private long renewedAtNanos;
    private long validUntilNanos;

    RelayLease(LeaseStore leases, String nodeId, Duration ttl, Clock clock) {
        this.leases = leases;
        this.nodeId = nodeId;
        this.ttl = ttl;
        this.clock = clock;
    }

    /** Takes or renews the lease when due; true while this node holds it. */
    boolean hold(long nowNanos) {
        long renewEvery = Math.min(TimeUnit.SECONDS.toNanos(1), ttl.toNanos() / 3);
        if (held && nowNanos - renewedAtNanos < renewEvery && validUntilNanos - nowNanos > 0) {
            return true;
        }
        boolean acquired = leases.tryAcquire(NAME, nodeId, clock, ttl);
        if (acquired) {
            renewedAtNanos = nowNanos;
            validUntilNanos = nowNanos + ttl.toNanos() * 2 / 3;
        }
        if (acquired != held) {
            LOG.info(acquired ? "node {} now relays the outbox" : "node {} does not hold the outbox relay lease; standing by", nodeId);
            held = acquired;
        }
        return acquired;
    }

    /** Whether this node held the lease at its last check. */
    boolean held() {
        return held;
    }

    /** Until when ({@link System#nanoTime()}) this node may publish under the lease. */
    long validUntilNanos() {
        return validUntilNanos;
    }

    /** Gives the lease up (on stop), so another node takes over at once instead of after the lease expires. */
    void release() {
        if (!held) {
            return;
        }
        held = false;
        try {
            leases.release(NAME, nodeId);
        } catch (RuntimeException e) {
            LOG.warn("could not release the outbox relay lease (it expires by itself): {}", e.toString());
        }
    }
}
