package dev.taskledger.server.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The task persistence design's clean-up job (rule 5).
 *
 * @param taskRetention  finished (completed, failed, cancelled) tasks older than this are deleted with their events
 *                       and results; null ({@code TASKLEDGER_RETENTION_DAYS} unset) keeps them forever
 * @param eventRetention events older than this are deleted; null ({@code TASKLEDGER_EVENT_RETENTION_DAYS} unset or
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
        Duration tasks = null;
        if (r.first("TASKLEDGER_RETENTION_DAYS") != null) {
            tasks = Duration.ofDays(r.integer("TASKLEDGER_RETENTION_DAYS", 0, 1, 36_500));
        }
        int eventDays = r.integer("TASKLEDGER_EVENT_RETENTION_DAYS", 0, 0, 36_500);
        String archive = r.first("TASKLEDGER_ARCHIVE_DIR");
        Duration interval = Duration.ofSeconds(r.integer("TASKLEDGER_RETENTION_INTERVAL_SECONDS", 3_600, 1, 7 * 86_400));
        return new RetentionConfig(tasks, eventDays == 0 ? null : Duration.ofDays(eventDays),
                archive == null ? null : Path.of(archive), interval);
    }
}
