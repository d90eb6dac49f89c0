package dev.taskledger.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The body of {@code POST /api/v1/schedules}, {@code PUT /api/v1/schedules/{name}} (create or replace) and
 * {@code PATCH /api/v1/schedules/{id}} (only the fields given change). Exactly one of {@code cron} (5 fields,
 * optionally 6 with seconds first, or {@code @hourly}/{@code @daily}/{@code @weekly}/{@code @monthly}/{@code @yearly})
 * and {@code every} (an ISO-8601 duration such as {@code PT30S}); {@code time_zone} is an IANA name (default UTC);
 * {@code misfire} is {@code skip} (default), {@code fire_once} or {@code fire_all}; {@code overlap} is {@code allow}
 * (default) or {@code skip_if_running}.
 */
public record ScheduleRequest(
        @JsonProperty("name") String name,
        @JsonProperty("cron") String cron,
        @JsonProperty("every") String every,
        @JsonProperty("time_zone") String timeZone,
        @JsonProperty("task") ScheduleTaskDto task,
        @JsonProperty("misfire") String misfire,
        @JsonProperty("overlap") String overlap,
        @JsonProperty("paused") Boolean paused) {

    /** A cron schedule of {@code name} in {@code timeZone} creating tasks from {@code task}, with the default policies. */
    public static ScheduleRequest cron(String name, String cron, String timeZone, ScheduleTaskDto task) {
        return new ScheduleRequest(name, cron, null, timeZone, task, null, null, null);
    }

    /** A fixed-interval schedule ({@code every}: ISO-8601, e.g. {@code PT30S}) with the default policies. */
    public static ScheduleRequest every(String name, String every, ScheduleTaskDto task) {
        return new ScheduleRequest(name, null, every, null, task, null, null, null);
    }
}
