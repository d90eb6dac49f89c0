package dev.taskledger.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskledger.common.ServiceException;
import dev.taskledger.jobs.Archive;
import dev.taskledger.jobs.ArchiveFileStore;
import dev.taskledger.jobs.RetentionService;
import dev.taskledger.queue.Failure;
import dev.taskledger.queue.Task;
import dev.taskledger.queue.TaskEvent;
import dev.taskledger.queue.TaskStatus;
import dev.taskledger.queue.spi.EventStore;
import dev.taskledger.queue.spi.NewTaskRow;
import dev.taskledger.queue.spi.TaskStore;
import dev.taskledger.store.Store;
import dev.taskledger.store.StoreTx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code RetentionService} over the store: what is deleted, what never is, batching, the archive, retries racing the
 * delete, and interrupted batches.
 */
public abstract class RetentionContract extends ServiceContractSupport {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    protected Path archiveDir;

    /** Creates {@code n} tasks and finishes them: completed, failed, cancelled in turn. */
    private List<UUID> finishTasks(int n) {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Task t = create(newTask("mail", "{}", 1, null));
            switch (i % 3) {
                case 0 -> {
                    Task c = work.claimOne(TENANT, t.id(), "w", null);
                    work.complete(TENANT, c.id(), c.leaseToken(), "{\"i\":" + i + "}");
                }
                case 1 -> {
                    Task c = work.claimOne(TENANT, t.id(), "w", null);
                    work.fail(TENANT, c.id(), new Failure(c.leaseToken(), "x", false, null));
                }
                default -> tasks.cancel(TENANT, t.id());
            }
            ids.add(t.id());
        }
        return ids;
    }

    @Test
    public void runOnce_deletesFinishedTasksPastRetention_inBatches_butNeverPendingOrProcessing() {
        List<UUID> old = finishTasks(5);
        Task pending = create(newTask("mail"));
        Task processing = work.claimOne(TENANT, create(newTask("sms")).id(), "w", null);
        clock.advance(Duration.ofDays(8));
        List<UUID> recent = finishTasks(2);
        clock.advance(Duration.ofDays(1));

        RetentionService.Outcome outcome = new RetentionService(store, clock, Duration.ofDays(7), null, null, 2).runOnce();

        assertThat(outcome.tasks()).isEqualTo(5);
        for (UUID id : old) {
            assertThat(tx((StoreTx tx) -> tx.tasks().get(TENANT, id))).isEmpty();
            assertThat(tx((StoreTx tx) -> tx.events().latest(id, 10))).isEmpty();
        }
        for (UUID id : recent) {
            assertThat(tx((StoreTx tx) -> tx.tasks().get(TENANT, id))).isPresent();
        }
        assertThat(tasks.get(TENANT, pending.id()).status()).isEqualTo(TaskStatus.PENDING);
        assertThat(tasks.get(TENANT, processing.id()).status()).isEqualTo(TaskStatus.PROCESSING);
    }

    @Test
    public void runOnce_deletesEventsPastRetention_andArchivesWhatItDeletes() throws IOException {
        List<UUID> old = finishTasks(3);
        clock.advance(Duration.ofDays(40));
        Task fresh = create(newTask("mail"));

        RetentionService.Outcome outcome = new RetentionService(store, clock, Duration.ofDays(30), Duration.ofDays(30),
                new Archive(archiveDir), 2).runOnce();

        assertThat(outcome.tasks()).isEqualTo(3);
        assertThat(outcome.events()).isZero(); // the old events went with their tasks
        assertThat(events(fresh.id())).hasSize(1);
        List<String> lines = archivedLines();
        assertThat(lines).hasSize(3);
        for (UUID id : old) {
            assertThat(lines).anySatisfy(l -> assertThat(l).contains(id.toString()));
        }
    }

    @Test
    public void runOnce_deletesOldEventsOfLiveTasks_keepingTheTasks_andArchivesExactlyThoseEvents() throws IOException {
        Task t = create(newTask("mail"));
        TaskEvent old = events(t.id()).getFirst();
        clock.advance(Duration.ofDays(31));
        Task claimed = claimOnly("w");

        RetentionService.Outcome outcome = new RetentionService(store, clock, Duration.ofDays(30), Duration.ofDays(30),
                new Archive(archiveDir), 10).runOnce();

        assertThat(outcome).isEqualTo(new RetentionService.Outcome(0, 1));
        assertThat(events(t.id())).extracting(e -> e.status()).containsExactly(TaskStatus.PROCESSING);
        assertThat(tasks.get(TENANT, claimed.id()).status()).isEqualTo(TaskStatus.PROCESSING);
        assertThat(archivedLines()).singleElement().satisfies(l -> assertThat(JSON.readTree(l).path("id").asText())
                .isEqualTo(old.id().toString()));
        assertThat(unfinishedFiles()).isEmpty();
    }

    /** Old failed tasks in the retry-versus-retention race. */
    protected static final int RACE_TASKS = 1_500;
    private static final int RETRIERS = 3;

    /**
     * Issue 14, item 1: operators retry old failed tasks while retention deletes them, in small batches. A retry that
     * answered (the task is pending) must never be undone by the delete, and the archive must hold exactly the
     * deleted tasks, each once, none of them pending.
     */
    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    public void retriesRacingRetention_neverLoseARetriedTask_andTheArchiveHoldsExactlyTheDeletedTasks() throws Exception {
        List<UUID> ids = insertOldFailedTasks(RACE_TASKS, clock.instant().minus(Duration.ofDays(10)));
        List<UUID> shuffled = new ArrayList<>(ids);
        Collections.shuffle(shuffled, new Random(14));
        RetentionService retention = new RetentionService(store, clock, Duration.ofDays(7), null, new Archive(archiveDir), 25);
        Set<UUID> retried = ConcurrentHashMap.newKeySet();
        Set<UUID> refused = ConcurrentHashMap.newKeySet();

        List<Throwable> errors = Races.race(RETRIERS + 1, thread -> {
            if (thread == RETRIERS) {
                retention.runOnce();
                return;
            }
            for (int i = thread; i < shuffled.size(); i += RETRIERS) {
                UUID id = shuffled.get(i);
                try {
                    assertThat(tasks.retry(TENANT, id).status()).isEqualTo(TaskStatus.PENDING);
                    retried.add(id);
                } catch (ServiceException e) {
                    assertThat(e.kind()).as(e.getMessage()).isEqualTo(ServiceException.Kind.NOT_FOUND);
                    refused.add(id);
                }
            }
        });

        assertThat(errors).isEmpty();
        assertThat(retried.size() + refused.size()).isEqualTo(ids.size());
        Map<UUID, List<JsonNode>> archived = new HashMap<>();
        for (String line : archivedLines()) {
            JsonNode task = JSON.readTree(line).path("task");
            archived.computeIfAbsent(UUID.fromString(task.path("id").asText()), k -> new ArrayList<>()).add(task);
        }
        List<UUID> retriedButLost = new ArrayList<>();
        List<UUID> archivedButExisting = new ArrayList<>();
        List<UUID> deletedButNotArchivedOnce = new ArrayList<>();
        List<UUID> archivedAsPending = new ArrayList<>();
        for (UUID id : ids) {
            Optional<Task> now = tx((StoreTx tx) -> tx.tasks().get(TENANT, id));
            List<JsonNode> copies = archived.getOrDefault(id, List.of());
            if (retried.contains(id) && (now.isEmpty() || now.get().status() != TaskStatus.PENDING)) {
                retriedButLost.add(id);
            }
            if (now.isPresent() && !copies.isEmpty()) {
                archivedButExisting.add(id);
            }
            if (now.isEmpty() && copies.size() != 1) {
                deletedButNotArchivedOnce.add(id);
            }
            if (copies.stream().anyMatch(c -> c.path("status").asText().equals(TaskStatus.PENDING.name()))) {
                archivedAsPending.add(id);
            }
        }
        assertThat(retriedButLost).as("tasks whose retry answered pending, deleted or changed afterwards").isEmpty();
        assertThat(archivedButExisting).as("archived tasks that still exist").isEmpty();
        assertThat(deletedButNotArchivedOnce).as("deleted tasks not in the archive exactly once").isEmpty();
        assertThat(archivedAsPending).as("tasks archived as pending").isEmpty();
        assertThat(archived.keySet()).isSubsetOf(ids);
        assertThat(unfinishedFiles()).isEmpty();
        assertThat(tx((StoreTx tx) -> tx.archiveFiles().names())).isEmpty();
    }

    /** Inserts {@code n} failed tasks finished at {@code finishedAt}, each with its event, in a few transactions. */
    private List<UUID> insertOldFailedTasks(int n, Instant finishedAt) {
        List<UUID> ids = new ArrayList<>();
        for (int from = 0; from < n; from += 500) {
            List<NewTaskRow> batch = new ArrayList<>();
            for (int i = from; i < Math.min(n, from + 500); i++) {
                Task t = SampleTasks.finished("mail", TaskStatus.FAILED, finishedAt).error("boom").build();
                batch.add(new NewTaskRow(t, List.of(
                        new TaskEvent(SampleTasks.newId(), t.id(), TaskStatus.FAILED, "Failed", "{}", "worker", finishedAt))));
                ids.add(t.id());
            }
            run(tx -> tx.insertTasks(batch, null));
        }
        return ids;
    }

    /** Where the first batch of a run stops: the process died there, or the database answered with an error. */
    public enum Interruption {
        /** In the batch's transaction, after the delete: rolled back where the store has transactions. */
        AFTER_THE_DELETE,
        /** In the batch's transaction, after its archive file was recorded: rolled back likewise. */
        AFTER_RECORDING_THE_FILE,
        /** After the commit, before the file is renamed into place (or the commit's answer was lost). */
        AFTER_THE_COMMIT
    }

    /**
     * However a batch is interrupted, the next run leaves the archive holding every deleted task exactly once: no
     * row archived twice (a rolled-back batch's file is not kept), no row deleted without its archive line.
     */
    @ParameterizedTest
    @EnumSource(Interruption.class)
    public void aBatchInterruptedAnywhere_endsUpInTheArchiveExactlyOnce_afterTheNextRun(Interruption at) throws IOException {
        List<UUID> ids = finishTasks(5);
        clock.advance(Duration.ofDays(8));
        RetentionService interrupted = new RetentionService(interrupting(at), clock, Duration.ofDays(7), null,
                new Archive(archiveDir), 2);

        assertThatThrownBy(interrupted::runOnce).hasMessageContaining("interrupted");
        RetentionService.Outcome next = new RetentionService(store, clock, Duration.ofDays(7), null, new Archive(archiveDir), 2)
                .runOnce();

        for (UUID id : ids) {
            assertThat(tx((StoreTx tx) -> tx.tasks().get(TENANT, id))).as("task %s", id).isEmpty();
        }
        List<String> archivedIds = new ArrayList<>();
        for (String line : archivedLines()) {
            archivedIds.add(JSON.readTree(line).path("task").path("id").asText());
        }
        assertThat(archivedIds).containsExactlyInAnyOrderElementsOf(ids.stream().map(UUID::toString).toList());
        assertThat(next.tasks()).isBetween(3, 5);
        assertThat(unfinishedFiles()).isEmpty();
        assertThat(tx((StoreTx tx) -> tx.archiveFiles().names())).isEmpty();
    }

    /** As {@link #aBatchInterruptedAnywhere_endsUpInTheArchiveExactlyOnce_afterTheNextRun}, for a batch of events. */
    @ParameterizedTest
    @EnumSource(Interruption.class)
    public void anEventBatchInterruptedAnywhere_endsUpInTheArchiveExactlyOnce_afterTheNextRun(Interruption at) throws IOException {
        List<UUID> old = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            old.add(events(create(newTask("mail")).id()).getFirst().id());
        }
        clock.advance(Duration.ofDays(31));
        RetentionService interrupted = new RetentionService(interrupting(at), clock, null, Duration.ofDays(30),
                new Archive(archiveDir), 2);

        assertThatThrownBy(interrupted::runOnce).hasMessageContaining("interrupted");
        new RetentionService(store, clock, null, Duration.ofDays(30), new Archive(archiveDir), 2).runOnce();

        List<String> archivedIds = new ArrayList<>();
        for (String line : archivedLines()) {
            archivedIds.add(JSON.readTree(line).path("id").asText());
        }
        assertThat(archivedIds).containsExactlyInAnyOrderElementsOf(old.stream().map(UUID::toString).toList());
        assertThat(unfinishedFiles()).isEmpty();
        assertThat(tx((StoreTx tx) -> tx.archiveFiles().names())).isEmpty();
    }

    /** The test's store, with the first retention batch interrupted {@code at} that point. */
    @SuppressWarnings("unchecked")
    private Store interrupting(Interruption at) {
        AtomicBoolean recorded = new AtomicBoolean();
        AtomicBoolean interrupted = new AtomicBoolean();
        return Proxies.replacing(Store.class, store, "inTransaction", args -> {
            Function<StoreTx, Object> work = (Function<StoreTx, Object>) args[0];
            if (interrupted.get()) {
                return store.inTransaction(work);
            }
            Object result = store.inTransaction(tx -> work.apply(interruptingTx(tx, at, recorded, interrupted)));
            if (recorded.get() && interrupted.compareAndSet(false, true)) {
                throw new IllegalStateException("interrupted after the commit");
            }
            return result;
        });
    }

    @SuppressWarnings("unchecked")
    private static StoreTx interruptingTx(StoreTx tx, Interruption at, AtomicBoolean recorded, AtomicBoolean interrupted) {
        if (at == Interruption.AFTER_THE_DELETE) {
            StoreTx failingTaskDeletes = Proxies.replacing(StoreTx.class, tx, "tasks", none -> Proxies.replacing(
                    TaskStore.class, tx.tasks(), "deleteFinished", a -> {
                        Set<UUID> deleted = tx.tasks().deleteFinished((Collection<Task>) a[0], (Collection<TaskStatus>) a[1],
                                (Instant) a[2]);
                        interrupted.set(true);
                        throw new IllegalStateException("interrupted after deleting " + deleted.size() + " task(s)");
                    }));
            return Proxies.replacing(StoreTx.class, failingTaskDeletes, "events", none -> Proxies.replacing(
                    EventStore.class, tx.events(), "deleteAll", a -> {
                        Set<UUID> deleted = tx.events().deleteAll((Collection<UUID>) a[0]);
                        interrupted.set(true);
                        throw new IllegalStateException("interrupted after deleting " + deleted.size() + " event(s)");
                    }));
        }
        return Proxies.replacing(StoreTx.class, tx, "archiveFiles", none -> Proxies.replacing(ArchiveFileStore.class,
                tx.archiveFiles(), "add", a -> {
                    tx.archiveFiles().add((String) a[0], (Instant) a[1]);
                    if (at == Interruption.AFTER_RECORDING_THE_FILE) {
                        interrupted.set(true);
                        throw new IllegalStateException("interrupted after recording " + a[0]);
                    }
                    recorded.set(true);
                    return null;
                }));
    }

    /** Files left under their temporary name. */
    private List<Path> unfinishedFiles() throws IOException {
        try (Stream<Path> files = Files.list(archiveDir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
        }
    }

    private List<String> archivedLines() throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(archiveDir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".ndjson.gz")).toList()) {
                try (InputStream in = new GZIPInputStream(Files.newInputStream(f))) {
                    new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().forEach(lines::add);
                }
            }
        }
        return lines;
    }
}
