package dev.taskledger.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * A stored schedule. Exactly one of {@code cron} and {@code every} is set; {@code anchor} is where an {@code every}
 * interval counts from. {@code nextFireAt} is the next fire time not yet fired (null when the expression never fires
 * again); {@code version} grows by one with every write, and a write expects the version it read.
 */
public record Schedule(UUID id, String tenant, String name, String cron, Duration every, String timeZone,
                       TaskTemplate template, Misfire misfire, Overlap overlap, boolean paused, Instant nextFireAt,
                       Instant anchor, Instant lastFireAt, UUID lastTaskId, int version, Instant createdAt,
                       Instant updatedAt) {

    /** When this schedule fires. */
    public Recurrence recurrence() {
        return Recurrence.of(cron, every, Recurrence.zone(timeZone), anchor);
    }

    Schedule withFire(Instant next, Instant lastFire, UUID lastTask, Instant now) {
        return new Schedule(id, tenant, name, cron, every, timeZone, template, misfire, overlap, paused, next, anchor,
                lastFire, lastTask, version + 1, createdAt, now);
    }

    Schedule withPaused(boolean paused, Instant next, Instant now) {
        return new Schedule(id, tenant, name, cron, every, timeZone, template, misfire, overlap, paused, next, anchor,
                lastFireAt, lastTaskId, version + 1, createdAt, now);
    }
}
