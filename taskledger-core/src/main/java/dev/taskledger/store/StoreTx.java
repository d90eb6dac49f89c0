package dev.taskledger.store;

import dev.taskledger.jobs.ArchiveFileStore;
import dev.taskledger.queue.Task;
import dev.taskledger.queue.TaskEvent;
import dev.taskledger.queue.spi.EventStore;
import dev.taskledger.queue.spi.OutboxStore;
import dev.taskledger.queue.spi.ResultStore;
import dev.taskledger.queue.spi.TaskStore;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/** The sub-stores of one open transaction. */
public interface StoreTx {
    TaskStore tasks();

    EventStore events();

    ResultStore results();

    OutboxStore outbox();

    ArchiveFileStore archiveFiles();

    InstallationStore installation();

    /**
     * Creates tasks with their audit events: {@link TaskStore#insertAll}, then {@code events} of the tasks it
     * inserted (an event of a task that turned out to be a duplicate is not written), then, when
     * {@code notifyTenant} is not null and any task was inserted, {@link TaskStore#notifyReady}. A backend may do
     * all of it in one statement (PostgreSQL does: one database round trip instead of three).
     *
     * @return what {@link TaskStore#insertAll} returns
     */
    default List<TaskStore.Inserted> insertTasksWithEvents(List<Task> tasks, List<TaskEvent> events, String notifyTenant) {
        List<TaskStore.Inserted> inserted = tasks().insertAll(tasks);
        Set<UUID> created = TaskStore.Inserted.createdIds(inserted);
        List<TaskEvent> written = events.stream().filter(e -> created.contains(e.taskId())).toList();
        if (!written.isEmpty()) {
            events().appendAll(written);
        }
        if (notifyTenant != null && !created.isEmpty()) {
            tasks().notifyReady(notifyTenant);
        }
        return inserted;
    }
}
