package dev.taskledger.queue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the queue's store tells about recent work: finished tasks per minute, and the workers holding or finishing tasks. */
public final class TaskActivity {
    /** How many minutes the throughput covers: the last hour. */
    public static final int MINUTES = 60;
    /** A worker is active when one of its tasks changed within this many seconds. */
    public static final int WORKER_SEEN_SECONDS = 60;

    private TaskActivity() {}

    /** How many tasks reached {@code status} (completed or failed) in the minute starting at {@code minute} (UTC). */
    public record FinishedMinute(Instant minute, TaskStatus status, long count) {}

    /** One minute of the throughput. */
    public record Minute(Instant minute, long completed, long failed) {}

    /**
     * A worker (a lease owner): how many tasks it holds ({@code inFlight}, processing) and when it was last seen
     * (the latest {@code updated_at} of those tasks and of the tasks it finished: its claim, heartbeat or report).
     */
    public record Worker(String worker, long inFlight, Instant lastSeen) {}

    /** {@link #MINUTES} minutes from {@code first} on, zero where {@code counts} has none. */
    static List<Minute> minutes(Instant first, List<FinishedMinute> counts) {
        Map<Instant, long[]> byMinute = new LinkedHashMap<>();
        for (int i = 0; i < MINUTES; i++) {
            byMinute.put(first.plus(i, ChronoUnit.MINUTES), new long[2]);
        }
        for (FinishedMinute c : counts) {
            long[] n = byMinute.get(c.minute().truncatedTo(ChronoUnit.MINUTES));
            if (n != null) {
                n[c.status() == TaskStatus.COMPLETED ? 0 : 1] += c.count();
            }
        }
        List<Minute> minutes = new ArrayList<>(MINUTES);
        byMinute.forEach((minute, n) -> minutes.add(new Minute(minute, n[0], n[1])));
        return minutes;
    }
}
