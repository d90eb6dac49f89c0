package dev.taskledger.queue.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The time partitions of {@code task_events}, where the backend has them (PostgreSQL: partitioned by RANGE
 * (created_at), see docs/architecture.md "Event partitions"). Each partition holds the events created in
 * [{@code from}, {@code to}); a default partition, not listed, holds any event no partition covers, so an insert
 * never fails. Retention drops whole partitions instead of deleting their rows ({@link
 * dev.taskledger.jobs.EventPartitioning}).
 */
public interface EventPartitions {

    /** One partition: the events created in [{@code from}, {@code to}); {@code from} null: since always. */
    record Partition(String name, Instant from, Instant to) {
        /** Whether its whole range lies before {@code instant}. */
        public boolean endsBy(Instant instant) {
            return !to.isAfter(instant);
        }

        /** Whether {@code instant} lies in its range. */
        public boolean holds(Instant instant) {
            return (from == null || !instant.isBefore(from)) && instant.isBefore(to);
        }

        /** Whether its range and [{@code start}, {@code end}) share an instant. */
        public boolean overlaps(Instant start, Instant end) {
            return (from == null || from.isBefore(end)) && start.isBefore(to);
        }
    }

    /** The partitions but the default one, oldest first. */
    List<Partition> list();

    /**
     * Creates the partition {@code name} for [{@code from}, {@code to}); the events of that range which the default
     * partition holds move into it. Returns how many moved.
     */
    long create(String name, Instant from, Instant to);

    /** How many events the partition holds. */
    long count(Partition partition);

    /**
     * Drops the partition with its events. With {@code onlyIfEmpty}, drops it only when it holds none (checked under
     * the lock that keeps every writer out) and answers whether it did. Waits at most {@code lockTimeout} for the
     * partitioned table's lock (every writer of events holds it briefly), else throws
     * {@link dev.taskledger.store.StoreException}.
     */
    boolean drop(Partition partition, boolean onlyIfEmpty, Duration lockTimeout);
}
