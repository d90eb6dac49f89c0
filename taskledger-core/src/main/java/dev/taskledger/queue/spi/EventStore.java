package dev.taskledger.queue.spi;

import dev.taskledger.queue.TaskEvent;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** The {@code task_events} table: an append-only audit trail. */
public interface EventStore {

    /** Appends the events (ids and times chosen by the caller). */
    void appendAll(List<TaskEvent> events);

    /** The newest {@code limit} events of the task, newest first (ties broken by id, newest first). */
    List<TaskEvent> latest(UUID taskId, int limit);

    /**
     * The task's {@code limit} events that come after ({@code createdAt}, {@code id}) in newest-first order: those
     * created earlier, or at the same time with a smaller id. The next page of {@link #latest}.
     */
    List<TaskEvent> olderThan(UUID taskId, Instant createdAt, UUID id, int limit);

    /** Deletes up to {@code limit} events created before {@code before}, oldest first; returns how many went. */
    int deleteOlderThan(Instant before, int limit);

    /**
     * Up to {@code limit} events (of any task) created before {@code before}, oldest first. Where the database
     * can, they are locked until the transaction ends, as {@link TaskStore#findFinishedBefore} does.
     */
    List<TaskEvent> findOlderThan(Instant before, int limit);

    /** Deletes the events with these ids; returns the ids of those this call deleted. */
    Set<UUID> deleteAll(Collection<UUID> ids);
}
