package dev.taskledger.testkit;

import dev.taskledger.common.Ids;
import dev.taskledger.queue.Task;
import dev.taskledger.queue.TaskBuilder;
import dev.taskledger.queue.TaskClaim;
import dev.taskledger.queue.TaskStatus;
import dev.taskledger.queue.TaskTransitions;
import dev.taskledger.queue.spi.TaskStore;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Test data for the contracts. Times have millisecond precision with a non-zero millisecond part, as the
 * services hand them to stores (see {@code Store}); ledger times are whole seconds.
 */
public final class SampleTasks {
    /** The fixed "now" of store-level tests: millisecond precision, non-zero millis, so truncation shows. */
    public static final Instant T0 = Instant.parse("2025-03-14T09:26:53.589Z");
    /** The fixed "now" of ledger tests: whole seconds, as the ledger's TIMESTAMP columns hold. */
    public static final Instant L0 = Instant.parse("2025-03-14T09:26:53Z");
    public static final String TENANT = "acme";
    public static final String OTHER_TENANT = "globex";

    private SampleTasks() {}

    /** A new id that sorts after every id made before it in this JVM (UUIDv7). */
    public static UUID newId() {
        return Ids.newId(T0);
    }

    /** A pending task of {@code TENANT}, ready at {@code T0}, with defaults for everything else. */
    public static TaskBuilder pending(String type) {
        return pending(TENANT, type);
    }

    public static TaskBuilder pending(String tenant, String type) {
        return new TaskBuilder()
                .id(newId()).tenant(tenant).type(type).status(TaskStatus.PENDING).state(TaskTransitions.QUEUED).progress(0)
                .priority(1).payload("{\"n\":1}").metadata("{}").tags(Map.of()).error(null).inputHash(null)
                .retryCount(0).maxAttempts(3).leaseSeconds(300).runAt(T0)
                .leaseOwner(null).leaseToken(null).leaseExpiresAt(null)
                .createdAt(T0).updatedAt(T0).startedAt(null).finishedAt(null).version(0);
    }

    /** A processing task of {@code TENANT} held by {@code worker} until {@code leaseExpiresAt}. */
    public static TaskBuilder processing(String type, String worker, Instant leaseExpiresAt) {
        return pending(type).status(TaskClaim.CLAIMED_STATUS).state(TaskClaim.CLAIMED_STATE).retryCount(1)
                .leaseOwner(worker).leaseToken(UUID.randomUUID().toString()).leaseExpiresAt(leaseExpiresAt)
                .startedAt(T0).version(1);
    }

    /** A finished task of {@code TENANT} with the given status and finished_at. */
    public static TaskBuilder finished(String type, TaskStatus status, Instant finishedAt) {
        return pending(type).status(status).state(status.wireName()).retryCount(1).startedAt(T0)
                .finishedAt(finishedAt).updatedAt(finishedAt).version(2);
    }

    /** A 64-hex-character input hash derived from {@code seed}. */
    public static String hash(String seed) {
        return dev.taskledger.queue.InputHash.ofKey(seed);
    }

    /** The tasks of the outcomes, in order. */
    public static List<Task> tasksOf(List<TaskStore.Inserted> inserted) {
        return inserted.stream().map(TaskStore.Inserted::task).toList();
    }

    public static List<UUID> idsOf(List<Task> tasks) {
        return tasks.stream().map(Task::id).toList();
    }
}
