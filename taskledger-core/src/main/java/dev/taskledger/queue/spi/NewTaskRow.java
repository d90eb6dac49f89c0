package dev.taskledger.queue.spi;

import dev.taskledger.queue.Task;
import dev.taskledger.queue.TaskEvent;

import java.util.List;

/**
 * One new row of {@code tasks} with the audit events that go with it; the events are written only if the task is
 * (not if it turns out to repeat an existing task's idempotency key).
 */
public record NewTaskRow(Task task, List<TaskEvent> events) {
    public NewTaskRow {
        events = List.copyOf(events);
    }

    /** Rows without events (stores' tests and tools). */
    public static List<NewTaskRow> withoutEvents(List<Task> tasks) {
        return tasks.stream().map(t -> new NewTaskRow(t, List.of())).toList();
    }
}
