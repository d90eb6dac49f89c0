package dev.taskledger.schedule.spi;

import dev.taskledger.schedule.Schedule;
import dev.taskledger.schedule.ScheduleEvent;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Schedules and their audit events, inside one transaction of {@link dev.taskledger.store.StoreTx}. */
public interface ScheduleStore {
    /** @throws dev.taskledger.store.StoreException.DuplicateKey when the tenant has a schedule of that name */
    void insert(Schedule schedule);

    Optional<Schedule> get(String tenant, UUID id);

    Optional<Schedule> byName(String tenant, String name);

    /** The tenant's schedules in id order, after {@code after} (null: from the start). */
    List<Schedule> list(String tenant, UUID after, int limit);

    /**
     * Writes {@code next} over the row of the same id only if that row is still at {@code next.version() - 1}: the
     * conditional update that makes one node's fire win over another's.
     *
     * @throws dev.taskledger.store.StoreException.VersionConflict when the row changed (or is gone)
     */
    void update(Schedule next);

    boolean delete(String tenant, UUID id);

    /** Of every tenant: schedules not paused whose next fire time is at or before {@code now}, earliest first. */
    List<Schedule> due(Instant now, int limit);

    void appendEvent(ScheduleEvent event);

    /** A schedule's latest events, newest first. */
    List<ScheduleEvent> events(UUID scheduleId, int limit);
}
