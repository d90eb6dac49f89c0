package dev.taskledger.queue;

import java.time.Instant;
import java.util.List;

/** Counts per type and status, and the run_at of the oldest ready pending task (null when none). */
public record TaskStats(List<Count> counts, Instant oldestReadyRunAt) {
    public record Count(String type, TaskStatus status, long count) {}

    public TaskStats {
        counts = List.copyOf(counts);
    }
}
