package dev.taskledger.jobs.spi;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Named leases of the singleton background jobs (the outbox relay, retention): of several service nodes on one
 * database, only the node holding a job's lease runs it. Each call is one transaction of its own.
 */
public interface LeaseStore {

    /**
     * Takes or renews the lease {@code name} for {@code holder}: succeeds when nobody holds it, {@code holder}
     * already holds it, or its holder's term ended before now; the lease is then held until now + {@code ttl}.
     * Now is {@link #now(Clock)}, read once the database connection is held, so a wait for a connection does not
     * shorten the term.
     */
    boolean tryAcquire(String name, String holder, Clock clock, Duration ttl);

    /** Gives the lease up if {@code holder} holds it. */
    void release(String name, String holder);

    /** The instant a lease term starts at: the clock's reading to the millisecond, as stores keep instants. */
    static Instant now(Clock clock) {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
