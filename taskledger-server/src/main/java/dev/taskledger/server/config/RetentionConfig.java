package dev.taskledger.server.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The task persistence design's clean-up job (rule 5).
 *
 * @param taskRetention  finished (completed, failed, cancelled) tasks older than this are deleted with their events
 *                       and results; null ({@code TASKLEDGER_RETENTION} and {@code TASKLEDGER_RETENTION_DAYS}
 *                       unset) keeps them forever
 * @param eventRetention events older than this are deleted; null ({@code TASKLEDGER_EVENT_RETENTION} unset and
 *                       {@code TASKLEDGER_EVENT_RETENTION_DAYS} unset or
 *                       {@code 0}, the default) keeps them forever: the audit trail is deleted only when asked
 * @param archiveDir     where deleted rows are written first as gzipped NDJSON; null deletes without archiving
 * @param interval       how often the job runs
 */
public record RetentionConfig(Duration taskRetention, Duration eventRetention, Path archiveDir, Duration interval) {

    /** Rows deleted per transaction. */
    public static final int BATCH_SIZE = 500;

    /** Whether there is anything to delete at all. */
    public boolean enabled() {
        return taskRetention != null || eventRetention != null;
    }

    static RetentionConfig fromEnv(EnvReader r) {
        Duration tasks = retention(r, "TASKLEDGER_RETENTION", "TASKLEDGER_RETENTION_DAYS", 1);
        Duration events = retention(r, "TASKLEDGER_EVENT_RETENTION", "TASKLEDGER_EVENT_RETENTION_DAYS", 0);
        String archive = r.first("TASKLEDGER_ARCHIVE_DIR");
        Duration interval = Duration.ofSeconds(r.integer("TASKLEDGER_RETENTION_INTERVAL_SECONDS", 3_600, 1, 7 * 86_400));
        return new RetentionConfig(tasks, events, archive == null ? null : Path.of(archive), interval);
    }

    /**
     * One retention setting, given either as a duration ({@code name}: {@code 6h}, {@code 30m}, {@code P7D}; at least
     * one minute) or in whole days ({@code daysName}; {@code 0} keeps forever where {@code minDays} allows it).
     * Null keeps forever. Both set is a configuration error: one of them would be ignored silently.
     */
    private static Duration retention(EnvReader r, String name, String daysName, int minDays) {
        if (r.first(name) != null && r.first(daysName) != null) {
            r.problem(name + " and " + daysName + " are both set: set one of them");
            return null;
        }
        if (r.first(name) != null) {
            return r.duration(name, Duration.ofMinutes(1), Duration.ofDays(36_500));
        }
        if (r.first(daysName) == null) {
            return null;
        }
        int days = r.integer(daysName, 0, minDays, 36_500);
        return days == 0 ? null : Duration.ofDays(days);
    }
}
