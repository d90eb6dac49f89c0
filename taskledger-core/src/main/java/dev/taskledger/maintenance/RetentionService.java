package dev.taskledger.maintenance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taskledger.store.Store;
import dev.taskledger.task.Task;
import dev.taskledger.task.TaskEvent;
import dev.taskledger.task.TaskStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Seed 002's clean-up (rule 5): deletes completed, failed and cancelled tasks finished longer than
 * {@code taskRetention} ago (with their events and results), and events older than
 * {@code eventRetention}, in small batches so no transaction grows large. Pending and processing tasks
 * are never touched. With an {@link Archive}, each batch is written there before it is deleted.
 */
public final class RetentionService {
    private static final Logger LOG = LoggerFactory.getLogger(RetentionService.class);
    private static final Set<TaskStatus> FINISHED = Set.of(TaskStatus.COMPLETED, TaskStatus.FAILED, TaskStatus.CANCELLED);
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final Store store;
    private final Clock clock;
    private final Duration taskRetention;
    private final Duration eventRetention;
    private final Archive archive;
    private final int batchSize;

    /**
     * @param taskRetention  null keeps finished tasks forever
     * @param eventRetention null keeps events forever
     * @param archive        null deletes without archiving
     */
    public RetentionService(Store store, Clock clock, Duration taskRetention, Duration eventRetention, Archive archive,
                            int batchSize) {
        this.store = store;
        this.clock = clock;
        this.taskRetention = taskRetention;
        this.eventRetention = eventRetention;
        this.archive = archive;
        this.batchSize = batchSize;
    }

    /** What one run deleted. */
    public record Outcome(int tasks, int events) {}

    /** Deletes everything that is due, batch by batch, until nothing is left. */
    public Outcome runOnce() {
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        int tasks = 0;
        int events = 0;
        if (taskRetention != null) {
            Instant before = now.minus(taskRetention);
            int deleted;
            do {
                deleted = deleteTaskBatch(before, now);
                tasks += deleted;
            } while (deleted == batchSize);
        }
        if (eventRetention != null) {
            Instant before = now.minus(eventRetention);
            int deleted;
            do {
                deleted = deleteEventBatch(before, now);
                events += deleted;
            } while (deleted == batchSize);
        }
        if (tasks > 0 || events > 0) {
            LOG.info("retention deleted {} finished task(s) and {} event(s){}", tasks, events,
                    archive == null ? "" : " after archiving them");
        }
        return new Outcome(tasks, events);
    }

    private int deleteTaskBatch(Instant finishedBefore, Instant now) {
        return store.inTransaction(tx -> {
            List<Task> due = tx.tasks().findFinishedBefore(FINISHED, finishedBefore, batchSize);
            if (due.isEmpty()) {
                return 0;
            }
            if (archive != null) {
                List<String> lines = new ArrayList<>(due.size());
                for (Task t : due) {
                    ObjectNode line = MAPPER.valueToTree(new ArchivedTask(t, tx.events().latest(t.id(), Integer.MAX_VALUE),
                            tx.results().get(t.id()).map(r -> r.payload()).orElse(null)));
                    lines.add(line.toString());
                }
                archive.write("tasks", now, lines);
            }
            tx.tasks().deleteAll(due.stream().map(Task::id).toList());
            return due.size();
        });
    }

    private int deleteEventBatch(Instant before, Instant now) {
        return store.inTransaction(tx -> {
            if (archive == null) {
                return tx.events().deleteOlderThan(before, batchSize);
            }
            List<TaskEvent> due = tx.events().findOlderThan(before, batchSize);
            if (due.isEmpty()) {
                return 0;
            }
            archive.write("events", now, due.stream().map(e -> MAPPER.valueToTree(e).toString()).toList());
            return tx.events().deleteAll(due.stream().map(TaskEvent::id).toList());
        });
    }

    /** A deleted task as archived: the row, its events (newest first) and its result JSON text. */
    public record ArchivedTask(Task task, List<TaskEvent> events, String result) {}
}
