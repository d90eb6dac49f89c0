package dev.taskledger.server.metrics;

import dev.taskledger.queue.TaskEvent;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What one transaction committed, as {@link ObservedStore} saw it: the task events it appended, the types of the
 * tasks it touched (by id), and how many outbox messages it wrote.
 */
public record Commit(List<TaskEvent> events, Map<UUID, String> taskTypes, int outboxMessages) {
    public Commit {
        events = List.copyOf(events);
        taskTypes = Map.copyOf(taskTypes);
    }

    /** The type of the task with this id, or {@code unknown} when the transaction did not read or write it. */
    public String typeOf(UUID taskId) {
        return taskTypes.getOrDefault(taskId, "unknown");
    }
}
