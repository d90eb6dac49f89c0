package dev.taskledger.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskledger.queue.Task;
import dev.taskledger.queue.TaskEvent;
import dev.taskledger.queue.TaskResult;
import dev.taskledger.queue.TaskStatus;
import dev.taskledger.store.Store;
import dev.taskledger.store.StoreTx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The task persistence design's clean-up (rule 5): deletes completed, failed and cancelled tasks finished longer than
 * {@code taskRetention} ago (with their events and results), and events older than {@code eventRetention}, in
 * small batches so no transaction grows large. Pending and processing tasks are never touched.
 *
 * <p><b>Only rows still due are deleted.</b> A batch selects due rows (locked where the database can) and deletes
 * those still as read ({@link dev.taskledger.queue.spi.TaskStore#deleteFinished}): a task retried or edited meanwhile
 * stays. A retry racing retention therefore either comes first (its task is left alone) or after (the task is
 * gone: the retry answers 404), never both.
 *
 * <p><b>The archive holds exactly the deleted rows, each once.</b> With an {@link Archive}, a batch
 * <ol>
 * <li>writes the selected rows to its file under a temporary name (flushed to disk);</li>
 * <li>deletes them; if some were left alone, rewrites the file with only the rows deleted; and records the file's
 * name ({@link dev.taskledger.jobs.ArchiveFileStore}) in the same transaction as the delete;</li>
 * <li>after the commit, renames the file into place and forgets the name.</li>
 * </ol>
 * A run starts by finishing what an interrupted run left (under the directory's lock): a temporary file whose
 * name is recorded is renamed into place (its delete committed); one whose name is not is discarded (its delete
 * rolled back). A store without transactions (MongoDB) may have deleted part of the batch before the
 * interruption, so there the file keeps the rows that no longer exist and is published with those.
 *
 * <p><b>Event partitions</b> ({@link EventPartitioning}, PostgreSQL): without an archive, the partitions older than
 * the event retention are dropped whole, and only rows outside them are deleted row by row; with an archive, rows
 * are archived and deleted as above, and the partitions they leave empty are dropped.
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
    private final EventPartitioning partitioning;

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
        this.partitioning = new EventPartitioning(store);
    }

    /** What one run deleted. */
    public record Outcome(int tasks, int events) {}

    /** A deleted task as archived: the row, its events (newest first) and its result JSON text. */
    public record ArchivedTask(Task task, List<TaskEvent> events, String result) {}

    /** Deletes everything that is due, batch by batch, until nothing is left. */
    public Outcome runOnce() {
        return runOnce(() -> { });
    }

    /**
     * As {@link #runOnce()}, calling {@code afterEachBatch} after every batch (a sign of life during a long run).
     * With an archive whose directory another run holds, does nothing.
     */
    public Outcome runOnce(Runnable afterEachBatch) {
        if (archive == null) {
            return deleteDue(afterEachBatch);
        }
        try (Archive.Lock lock = archive.tryLock()) {
            if (lock == null) {
                LOG.warn("retention skipped: another run is using the archive directory {}", archive.directory());
                return new Outcome(0, 0);
            }
            finishInterrupted();
            return deleteDue(afterEachBatch);
        }
    }

    /**
     * Finishes the archive files that interrupted runs left in this node's archive directory (see the class
     * comment); safe at any time on any node. Returns how many files it finished.
     */
    public int finishInterruptedBatches() {
        if (archive == null) {
            return 0;
        }
        try (Archive.Lock lock = archive.tryLock()) {
            return lock == null ? 0 : finishInterrupted();
        }
    }

    private Outcome deleteDue(Runnable afterEachBatch) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        int tasks = 0;
        int events = 0;
        if (taskRetention != null) {
            TaskRows rows = new TaskRows(now.minus(taskRetention));
            Batch batch;
            do {
                batch = deleteBatch(rows, now);
                tasks += batch.deleted();
                afterEachBatch.run();
            } while (batch.more(batchSize));
        }
        if (eventRetention != null) {
            Instant before = now.minus(eventRetention);
            Instant rowsBefore = before;
            if (archive == null) { // whole partitions go at once, where the store has them
                events += Math.toIntExact(partitioning.dropEndedBy(before, false).events());
                rowsBefore = partitioning.rowCutoff(before, eventRetention);
            }
            Batch batch;
            do {
                batch = archive == null ? deleteEventsUnarchived(rowsBefore) : deleteBatch(new EventRows(rowsBefore), now);
                events += batch.deleted();
                afterEachBatch.run();
            } while (batch.more(batchSize));
            if (archive != null) { // their rows were archived and deleted above: drop the partitions left empty
                partitioning.dropEndedBy(before, true);
            }
        }
        if (tasks > 0 || events > 0) {
            LOG.info("retention deleted {} finished task(s) and {} event(s){}", tasks, events,
                    archive == null ? "" : " after archiving them");
        }
        return new Outcome(tasks, events);
    }

    /** How many rows a batch selected and how many of them it deleted. */
    private record Batch(int selected, int deleted) {
        /** Whether more rows may be due: the batch was full and not entirely left alone. */
        boolean more(int batchSize) {
            return selected == batchSize && deleted > 0;
        }
    }

    /** One kind of row retention deletes. */
    private interface Rows<R> {
        /** {@code tasks} or {@code events}: the archive file's kind. */
        String kind();

        List<R> select(StoreTx tx, int limit);

        UUID id(R row);

        /** The row's line in the archive (one JSON document). */
        String line(StoreTx tx, R row);

        /** Deletes those of the rows still due; returns their ids. */
        Set<UUID> delete(StoreTx tx, List<R> rows);
    }

    /** One batch, in one transaction, archived as the class comment describes. */
    private <R> Batch deleteBatch(Rows<R> rows, Instant now) {
        Archive.File file = archive == null ? null : archive.newFile(rows.kind(), now);
        Batch batch = store.inTransaction(tx -> {
            List<R> due = rows.select(tx, batchSize);
            if (due.isEmpty()) {
                return new Batch(0, 0);
            }
            Map<UUID, String> lines = new LinkedHashMap<>();
            if (file != null) {
                for (R row : due) {
                    lines.put(rows.id(row), rows.line(tx, row));
                }
                file.write(lines.values()); // before the delete: a store without transactions may stop halfway through it
            }
            Set<UUID> deleted = rows.delete(tx, due);
            if (file != null && !deleted.isEmpty()) {
                if (deleted.size() < lines.size()) {
                    lines.keySet().retainAll(deleted);
                    file.write(lines.values());
                }
                tx.archiveFiles().add(file.name(), now);
            }
            return new Batch(due.size(), deleted.size());
        });
        if (file != null) {
            if (batch.deleted() > 0) {
                file.publish();
                forget(file);
            } else {
                file.discard();
            }
        }
        return batch;
    }

    private Batch deleteEventsUnarchived(Instant before) {
        int deleted = store.inTransaction(tx -> tx.events().deleteOlderThan(before, batchSize));
        return new Batch(deleted, deleted);
    }

    private void forget(Archive.File file) {
        store.inTransaction(tx -> {
            tx.archiveFiles().remove(file.name());
            return null;
        });
    }

    private int finishInterrupted() {
        List<Archive.File> unfinished = archive.unfinished();
        Set<String> recorded = new HashSet<>(store.inTransaction(tx -> tx.archiveFiles().names()));
        for (Archive.File file : unfinished) {
            if (recorded.remove(file.name())) {
                file.publish();
                forget(file);
                LOG.info("retention published {}: its batch was deleted before an interruption", file);
            } else if (store.capabilities().transactional()) {
                file.discard();
                LOG.info("retention discarded {}: its batch was rolled back", file);
            } else {
                keepRowsGone(file);
            }
        }
        for (String name : recorded) {
            Archive.File file = archive.file(name);
            if (file.isPublished()) { // interrupted between the rename and forgetting the name
                forget(file);
            } // else another node's directory (the names are shared by all nodes of the database)
        }
        return unfinished.size();
    }

    /** Without transactions: publishes the file with the lines of its rows that are gone, or discards it. */
    private void keepRowsGone(Archive.File file) {
        List<String> lines;
        try {
            lines = file.lines();
        } catch (IOException e) {
            // the run stopped while writing it, so before any of its rows was deleted
            LOG.warn("retention discarded {}: unreadable ({})", file, e.toString());
            file.discard();
            return;
        }
        List<String> gone = store.inTransaction(tx -> linesOfRowsGone(tx, file.kind(), lines));
        if (gone.isEmpty()) {
            file.discard();
            LOG.info("retention discarded {}: none of its rows was deleted", file);
            return;
        }
        if (gone.size() < lines.size()) {
            file.write(gone);
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        store.inTransaction(tx -> {
            tx.archiveFiles().add(file.name(), now); // from here on an interruption publishes it as it is
            return null;
        });
        file.publish();
        forget(file);
        LOG.info("retention published {} with the {} of its {} rows deleted before an interruption", file, gone.size(),
                lines.size());
    }

    private static List<String> linesOfRowsGone(StoreTx tx, String kind, List<String> lines) {
        Map<String, Set<UUID>> existing = new HashMap<>(); // by tenant (tasks) or task id (events)
        List<String> gone = new ArrayList<>();
        for (String line : lines) {
            JsonNode json = parse(line);
            boolean exists;
            if (kind.equals("tasks")) {
                JsonNode task = json.path("task");
                UUID id = UUID.fromString(task.path("id").asText());
                exists = existing.computeIfAbsent(task.path("tenant").asText(), tenant -> existingTasks(tx, tenant, lines))
                        .contains(id);
            } else {
                UUID taskId = UUID.fromString(json.path("taskId").asText());
                exists = existing.computeIfAbsent(taskId.toString(), k -> existingEvents(tx, taskId))
                        .contains(UUID.fromString(json.path("id").asText()));
            }
            if (!exists) {
                gone.add(line);
            }
        }
        return gone;
    }

    /** Which of the tasks in the lines exist for {@code tenant}. */
    private static Set<UUID> existingTasks(StoreTx tx, String tenant, List<String> lines) {
        List<UUID> ids = new ArrayList<>();
        for (String line : lines) {
            JsonNode task = parse(line).path("task");
            if (task.path("tenant").asText().equals(tenant)) {
                ids.add(UUID.fromString(task.path("id").asText()));
            }
        }
        Set<UUID> out = new HashSet<>();
        tx.tasks().getAll(tenant, ids).forEach(t -> out.add(t.id()));
        return out;
    }

    private static Set<UUID> existingEvents(StoreTx tx, UUID taskId) {
        Set<UUID> out = new HashSet<>();
        tx.events().latest(taskId, Integer.MAX_VALUE).forEach(e -> out.add(e.id()));
        return out;
    }

    private static JsonNode parse(String line) {
        try {
            return MAPPER.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException("an archive line is not JSON: " + e.getMessage(), e);
        }
    }

    private static final class TaskRows implements Rows<Task> {
        private final Instant finishedBefore;

        TaskRows(Instant finishedBefore) {
            this.finishedBefore = finishedBefore;
        }

        @Override
        public String kind() {
            return "tasks";
        }

        @Override
        public List<Task> select(StoreTx tx, int limit) {
            return tx.tasks().findFinishedBefore(FINISHED, finishedBefore, limit);
        }

        @Override
        public UUID id(Task row) {
            return row.id();
        }

        @Override
        public String line(StoreTx tx, Task t) {
            return MAPPER.valueToTree(new ArchivedTask(t, tx.events().latest(t.id(), Integer.MAX_VALUE),
                    tx.results().get(t.id()).map(TaskResult::payload).orElse(null))).toString();
        }

        @Override
        public Set<UUID> delete(StoreTx tx, List<Task> rows) {
            return tx.tasks().deleteFinished(rows, FINISHED, finishedBefore);
        }
    }

    private static final class EventRows implements Rows<TaskEvent> {
        private final Instant before;

        EventRows(Instant before) {
            this.before = before;
        }

        @Override
        public String kind() {
            return "events";
        }

        @Override
        public List<TaskEvent> select(StoreTx tx, int limit) {
            return tx.events().findOlderThan(before, limit);
        }

        @Override
        public UUID id(TaskEvent row) {
            return row.id();
        }

        @Override
        public String line(StoreTx tx, TaskEvent e) {
            return MAPPER.valueToTree(e).toString();
        }

        @Override
        public Set<UUID> delete(StoreTx tx, List<TaskEvent> rows) {
            return tx.events().deleteAll(rows.stream().map(TaskEvent::id).toList());
        }
    }
}
