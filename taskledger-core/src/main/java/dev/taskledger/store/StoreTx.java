package dev.taskledger.store;

import dev.taskledger.jobs.ArchiveFileStore;
import dev.taskledger.queue.spi.DependencyStore;
import dev.taskledger.queue.spi.EventPartitions;
import dev.taskledger.queue.spi.EventStore;
import dev.taskledger.queue.spi.LimitStore;
import dev.taskledger.queue.spi.NewTaskRow;
import dev.taskledger.queue.spi.OutboxStore;
import dev.taskledger.queue.spi.ResultStore;
import dev.taskledger.queue.spi.TaskStore;
import dev.taskledger.schedule.spi.ScheduleStore;

import java.util.List;
import java.util.Optional;

/** The sub-stores of one open transaction. */
public interface StoreTx {
    TaskStore tasks();

    EventStore events();

    /** The time partitions of the events, where the backend has them (PostgreSQL); empty elsewhere. */
    default Optional<EventPartitions> eventPartitions() {
        return Optional.empty();
    }

    ResultStore results();

    /** The edges of workflows (a child task waits for its parents). */
    DependencyStore dependencies();

    OutboxStore outbox();

    ArchiveFileStore archiveFiles();

    InstallationStore installation();

    ScheduleStore schedules();

    /** Concurrency and rate limits. */
    LimitStore limits();

    /**
     * Inserts new tasks with their audit events, in input order (ids, timestamps and version chosen by the caller).
     * A task whose {@code inputHash} is non-null and equal to that of an existing task with the same (tenant, type)
     * is not inserted, nor are its events; the existing task is answered in its place. Within one call, a later
     * task repeating an earlier one's (tenant, type, inputHash) likewise gets the earlier one. When
     * {@code notifyTenant} is not null and any task was inserted, {@link TaskStore#notifyReady} follows. A backend
     * may do all of it in one statement (PostgreSQL does: one database round trip instead of three).
     *
     * @return one entry per row, in input order: the inserted task or the existing duplicate;
     *         {@link TaskStore.Inserted#created()} tells which
     * @throws StoreException.DuplicateKey when an id repeats within the call or exists already
     */
    List<TaskStore.Inserted> insertTasks(List<NewTaskRow> rows, String notifyTenant);
}
