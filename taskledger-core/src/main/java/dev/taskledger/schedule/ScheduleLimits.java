package dev.taskledger.schedule;

import java.time.Duration;

/** The bounds of schedules, in one place (documented in docs/api.md). */
public final class ScheduleLimits {
    public static final int MAX_NAME_LENGTH = 200;
    public static final int MAX_CRON_LENGTH = 200;
    public static final Duration MAX_EVERY = Duration.ofDays(366);
    /** {@code GET /schedules/{id}/next?count=N}: at most this many. */
    public static final int MAX_NEXT = 100;
    public static final int MAX_LIST = 1_000;
    /**
     * A fire time at most this late is on time and fires whatever the misfire policy; an older one was missed
     * (the nodes were down) and follows the schedule's {@link Misfire} policy.
     */
    public static final Duration MISFIRE_GRACE = Duration.ofSeconds(60);
    /** {@link Misfire#FIRE_ALL} fires at most this many missed times (the latest ones); older ones are skipped. */
    public static final int FIRE_ALL_CAP = 100;
    /** How many due schedules one step of the scheduler fires at most (the next step goes on at once). */
    public static final int DUE_BATCH = 100;

    private ScheduleLimits() {}
}
