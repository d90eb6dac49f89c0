package dev.taskledger.schedule;

/**
 * A create, replace or update request after decoding. Null fields: on create, the defaults (time_zone UTC, misfire
 * skip, overlap allow, not paused); on update, unchanged. {@code every} is ISO-8601 text; {@code task} is the
 * template (null on an update: unchanged).
 */
public record ScheduleSpec(String name, String cron, String every, String timeZone, TaskTemplate task, String misfire,
                           String overlap, Boolean paused) {
}
