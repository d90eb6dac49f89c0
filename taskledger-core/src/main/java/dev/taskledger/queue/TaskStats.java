package dev.taskledger.queue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Counts per type and status, and the run_at of the oldest ready pending task per type (types with none left out)
 * and of all ({@link #oldestReadyRunAt}, null when none).
 */
public record TaskStats(List<Count> counts, Map<String, Instant> oldestReadyByType) {
    public record Count(String type, TaskStatus status, long count) {}

    public TaskStats {
        counts = List.copyOf(counts);
        oldestReadyByType = Map.copyOf(oldestReadyByType);
    }

    /** The run_at of the oldest ready pending task of any type; null when none is ready. */
    public Instant oldestReadyRunAt() {
        return oldestReadyByType.values().stream().min(Instant::compareTo).orElse(null);
    }
}
