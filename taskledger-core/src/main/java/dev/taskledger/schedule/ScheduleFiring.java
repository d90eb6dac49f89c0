package dev.taskledger.schedule;

import dev.taskledger.jobs.LoopStep;

import java.time.Duration;

/**
 * The scheduler's step, run by a {@code BackgroundLoop} on every node: fires the due schedules, then waits
 * {@code pollInterval} (or goes on at once when a full batch was due). Nodes need no lease to run it: the database
 * decides which node's fire of a schedule wins ({@link ScheduleService}).
 */
public final class ScheduleFiring implements LoopStep {
    private final ScheduleService schedules;
    private final Duration pollInterval;

    public ScheduleFiring(ScheduleService schedules, Duration pollInterval) {
        this.schedules = schedules;
        this.pollInterval = pollInterval;
    }

    @Override
    public Duration run() {
        return schedules.fireDue() >= ScheduleLimits.DUE_BATCH ? Duration.ZERO : pollInterval;
    }
}
