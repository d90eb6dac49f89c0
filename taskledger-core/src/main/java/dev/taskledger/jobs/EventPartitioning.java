package dev.taskledger.jobs;

import dev.taskledger.queue.spi.EventPartitions;
import dev.taskledger.queue.spi.EventPartitions.Partition;
import dev.taskledger.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Keeps the time partitions of the events, where the store has them (PostgreSQL; elsewhere every method does
 * nothing): one partition per UTC day, named {@code task_events_pYYYYMMDD}, created ahead of time, and whole
 * partitions dropped by retention instead of their rows deleted one by one. docs/architecture.md "Event partitions"
 * has the rules:
 * <ul>
 * <li>{@link #createAhead} creates the days from today to {@code now + ahead} that no partition covers yet (events a
 * missing day received meanwhile in the default partition move into it);</li>
 * <li>{@link #dropEndedBy} drops every partition whose whole range is older than the retention's cutoff;</li>
 * <li>{@link #rowCutoff}: the rows of the partition that holds the cutoff stay until the whole partition is due, so
 * with a retention of a day or more events are kept up to a day longer than the retention (row-by-row deletes would
 * otherwise empty every partition an hour at a time before it could be dropped). A retention under a day is applied
 * row by row, as before: a day's partition holds more than the retention.</li>
 * </ul>
 */
public final class EventPartitioning {
    /** One partition's span. */
    public static final Duration DAY = Duration.ofDays(1);
    /** How far ahead the server keeps partitions (it creates them at start and every hour). */
    public static final Duration AHEAD = Duration.ofDays(3);
    /**
     * How long a drop waits for the partitioned table's exclusive lock, which every statement on events holds a
     * weaker one of while it runs. Writers queue behind a waiting drop, so this bounds their stall; a drop that
     * times out is tried again next run.
     */
    static final Duration LOCK_TIMEOUT = Duration.ofSeconds(1);
    private static final Logger LOG = LoggerFactory.getLogger(EventPartitioning.class);
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("'task_events_p'yyyyMMdd").withZone(ZoneOffset.UTC);

    private final Store store;

    public EventPartitioning(Store store) {
        this.store = store;
    }

    /** Whether the store partitions its events at all. */
    public boolean supported() {
        return store.inTransaction(tx -> tx.eventPartitions().isPresent());
    }

    /** What a drop run did. */
    public record Dropped(int partitions, long events) {}

    /**
     * Creates the daily partitions of [start of today, {@code now + ahead}) that no partition covers; returns their
     * names. A day that overlaps an existing partition (the migration's history partition, say) is left to it.
     */
    public List<String> createAhead(Instant now, Duration ahead) {
        List<Partition> existing = inPartitions(EventPartitions::list).orElse(List.of());
        List<String> created = new ArrayList<>();
        Instant end = now.plus(ahead);
        for (Instant day = now.truncatedTo(ChronoUnit.DAYS); day.isBefore(end); day = day.plus(DAY)) {
            Instant from = day;
            Instant to = day.plus(DAY);
            if (existing.stream().anyMatch(e -> e.overlaps(from, to))) {
                continue;
            }
            String name = NAME.format(from);
            try {
                long moved = inPartitions(p -> p.create(name, from, to)).orElseThrow();
                created.add(name);
                LOG.info("created event partition {} for [{}, {}){}", name, from, to,
                        moved == 0 ? "" : ", moving its " + moved + " event(s) out of the default partition");
            } catch (RuntimeException e) { // e.g. another node created it at the same time
                LOG.warn("could not create event partition {} (trying again next run): {}", name, e.toString());
            }
        }
        return created;
    }

    /**
     * Drops every partition whose whole range lies before {@code before}, each in its own transaction, counting its
     * events first. With {@code onlyIfEmpty} (the archive is on: its rows must have been archived and deleted row by
     * row) only those that hold no event. A partition whose lock is not had in time stays for the next run.
     */
    public Dropped dropEndedBy(Instant before, boolean onlyIfEmpty) {
        List<Partition> ended = inPartitions(p -> p.list().stream().filter(e -> e.endsBy(before)).toList())
                .orElse(List.of());
        int partitions = 0;
        long events = 0;
        for (Partition partition : ended) {
            try {
                long count = inPartitions(p -> {
                    long n = onlyIfEmpty ? 0 : p.count(partition);
                    return p.drop(partition, onlyIfEmpty, LOCK_TIMEOUT) ? n : -1L;
                }).orElseThrow();
                if (count >= 0) {
                    partitions++;
                    events += count;
                    if (onlyIfEmpty) {
                        LOG.info("dropped event partition {}: emptied by retention, older than {}", partition.name(),
                                partition.to());
                    } else {
                        LOG.info("dropped event partition {}: {} event(s) older than {}", partition.name(),
                                String.format("%,d", count), partition.to());
                    }
                }
            } catch (RuntimeException e) {
                LOG.warn("could not drop event partition {} (trying again next run): {}", partition.name(), e.toString());
            }
        }
        return new Dropped(partitions, events);
    }

    /**
     * Where row-by-row deletion of events stops for the cutoff {@code before} under {@code retention}: the start of
     * the partition that holds {@code before}, when it has one and the retention is a day or more (its rows go with
     * it, once it is due); else {@code before} itself.
     */
    public Instant rowCutoff(Instant before, Duration retention) {
        if (retention.compareTo(DAY) < 0) {
            return before;
        }
        return inPartitions(p -> p.list().stream().filter(e -> e.holds(before) && e.from() != null)
                .map(Partition::from).findFirst().orElse(before)).orElse(before);
    }

    private <T> Optional<T> inPartitions(Function<EventPartitions, T> work) {
        return store.inTransaction(tx -> tx.eventPartitions().map(work));
    }
}
