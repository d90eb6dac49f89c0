package dev.taskledger.testkit;

import dev.taskledger.maintenance.Archive;
import dev.taskledger.maintenance.RetentionService;
import dev.taskledger.store.StoreTx;
import dev.taskledger.task.Failure;
import dev.taskledger.task.Task;
import dev.taskledger.task.TaskStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code RetentionService} over the store: what is deleted, what never is, batching, and the archive. */
public abstract class RetentionContract extends ServiceContractSupport {
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
    public void runOnce_deletesOldEventsOfLiveTasks_keepingTheTasks() {
        Task t = create(newTask("mail"));
        clock.advance(Duration.ofDays(31));
        Task claimed = claimOnly("w");

        RetentionService.Outcome outcome = new RetentionService(store, clock, Duration.ofDays(30), Duration.ofDays(30),
                null, 10).runOnce();

        assertThat(outcome).isEqualTo(new RetentionService.Outcome(0, 1));
        assertThat(events(t.id())).extracting(e -> e.status()).containsExactly(TaskStatus.PROCESSING);
        assertThat(tasks.get(TENANT, claimed.id()).status()).isEqualTo(TaskStatus.PROCESSING);
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
