package dev.taskledger.queue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taskledger.common.PlainJson;
import dev.taskledger.queue.spi.OutboxMessage;
import dev.taskledger.queue.spi.TaskStore;
import dev.taskledger.store.StoreTx;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * Writes the audit trail of task changes, inside the caller's transaction: one {@code task_events} row per
 * change and, when publishing is enabled, one {@code outbox} row announcing it (routing key
 * {@code task.<type>.<status>}), so that a message exists exactly when the change committed.
 */
public final class EventLog {
    private static final ObjectMapper MAPPER = PlainJson.MAPPER;

    private final boolean publish;

    /** @param publish whether to write outbox messages (only when a broker is configured) */
    public EventLog(boolean publish) {
        this.publish = publish;
    }

    public boolean publishes() {
        return publish;
    }

    void append(StoreTx tx, Task task, TaskEvent event) {
        appendAll(tx, List.of(task), List.of(event));
    }

    /**
     * Inserts new tasks with their events ({@link StoreTx#insertTasksWithEvents}); only the events of the tasks
     * actually inserted are written, and announced. {@code events.get(i)} is the event of {@code eventTasks.get(i)}.
     */
    List<TaskStore.Inserted> insertTasks(StoreTx tx, List<Task> tasks, List<Task> eventTasks, List<TaskEvent> events,
                                         String notifyTenant) {
        List<TaskStore.Inserted> inserted = tx.insertTasksWithEvents(tasks, events, notifyTenant);
        if (publish) {
            Set<UUID> created = TaskStore.Inserted.createdIds(inserted);
            List<Task> announcedTasks = new ArrayList<>();
            List<TaskEvent> announced = new ArrayList<>();
            for (int i = 0; i < events.size(); i++) {
                if (created.contains(events.get(i).taskId())) {
                    announcedTasks.add(eventTasks.get(i));
                    announced.add(events.get(i));
                }
            }
            announce(tx, announcedTasks, announced);
        }
        return inserted;
    }

    /** {@code events.get(i)} is the event of {@code tasks.get(i)}. */
    void appendAll(StoreTx tx, List<Task> tasks, List<TaskEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        tx.events().appendAll(events);
        if (publish) {
            announce(tx, tasks, events);
        }
    }

    /** One outbox message per event, when publishing. */
    private void announce(StoreTx tx, List<Task> tasks, List<TaskEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        List<OutboxMessage> messages = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            Task task = tasks.get(i);
            TaskEvent event = events.get(i);
            messages.add(OutboxMessage.pending(event.id(), task.id(), task.tenant(), routingKey(task.type(), event.status()),
                    body(task, event), event.createdAt()));
        }
        tx.outbox().appendAll(messages);
    }

    /** {@code task.<type>.<status>}; dots and AMQP wildcards in a type become '_' so a binding can match it. */
    static String routingKey(String type, TaskStatus status) {
        return "task." + type.replaceAll("[.*#\\s]", "_") + "." + status.wireName().toLowerCase(Locale.ROOT);
    }

    private static String body(Task task, TaskEvent event) {
        ObjectNode body = MAPPER.createObjectNode()
                .put("event_id", event.id().toString())
                .put("task_id", task.id().toString())
                .put("tenant", task.tenant())
                .put("type", task.type())
                .put("status", event.status().wireName())
                .put("state", event.state())
                .put("actor", event.actor())
                .put("created_at", event.createdAt().toString());
        if (event.detail() != null) {
            try {
                body.set("detail", MAPPER.readTree(event.detail()));
            } catch (JsonProcessingException e) {
                body.put("detail", event.detail());
            }
        }
        return PlainJson.write(body);
    }
}
