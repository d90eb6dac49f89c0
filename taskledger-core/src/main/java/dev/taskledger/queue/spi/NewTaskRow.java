package dev.taskledger.queue.spi;

import dev.taskledger.queue.Task;
import dev.taskledger.queue.TaskEvent;

import java.util.ArrayList;
import java.util.List;

/**
 * One new row of {@code tasks} with the audit events that go with it; the events are written only if the task is
 * (not if it turns out to repeat an existing task's idempotency key).
 */
public record NewTaskRow(Task task, List<TaskEvent> events) {
    public NewTaskRow {
        events = List.copyOf(events);
    }

    /** The events of the rows {@code inserted} says were inserted ({@code inserted.get(i)} answers {@code rows.get(i)}), in order. */
    public static List<TaskEvent> eventsOfInserted(List<NewTaskRow> rows, List<TaskStore.Inserted> inserted) {
        List<TaskEvent> events = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (inserted.get(i).created()) {
                events.addAll(rows.get(i).events());
            }
        }
        return events;
    }

    /** Rows without events (stores' tests and tools). */
    public static List<NewTaskRow> withoutEvents(List<Task> tasks) {
        return tasks.stream().map(t -> new NewTaskRow(t, List.of())).toList();
    }
}
