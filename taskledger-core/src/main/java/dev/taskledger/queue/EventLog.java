package dev.taskledger.queue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taskledger.common.PlainJson;
import dev.taskledger.queue.spi.NewTaskRow;
import dev.taskledger.queue.spi.OutboxMessage;
import dev.taskledger.queue.spi.TaskStore;
import dev.taskledger.store.StoreTx;

import java.time.Instant;
import dev.taskledger.store.StoreException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * What one queue transaction did, and the single place that writes it: each task change goes through here with
 * its audit row in {@code task_events} and, when publishing is enabled, one {@code outbox} row announcing it
 * (routing key {@code task.<type>.<status>}), so a message exists exactly when the change committed. After commit
 * {@link #committed} tells the {@link CommitListener} the transitions it recorded. One per transaction attempt
 * ({@link QueueTransactions}): an attempt that rolled back is forgotten with its log.
 */
public final class EventLog {
    private static final ObjectMapper MAPPER = PlainJson.MAPPER;

    private final StoreTx tx;
    private final boolean publish;
    private final Instant now;
    private final List<Transition> transitions = new ArrayList<>();
    private int outboxMessages;

    /** @param publish whether to write outbox messages (only when a broker is configured) */
    EventLog(StoreTx tx, boolean publish, Instant now) {
        this.tx = tx;
        this.publish = publish;
        this.now = now;
    }

    /** The transaction's time, taken once it held its connection. */
    Instant now() {
        return now;
    }

    StoreTx tx() {
        return tx;
    }

    /** A transition already computed, with the audit row to write for it (none when {@code detail} is null). */
    record Change(Transition.Kind kind, Task before, Task after, String actor, ObjectNode detail) {}

    /**
     * Writes {@code next} (optimistically: {@link TaskStore#update}) with its event ({@code detail} null: none, as
     * for a plain lease extension) and records the transition.
     *
     * @return the task as stored
     */
    Task update(Transition.Kind kind, Task before, Task next, String actor, ObjectNode detail) {
        Task after = tx.tasks().update(next);
        record(kind, before, after, actor, detail);
        return after;
    }

    /** Records a change the store already wrote (a claim statement, a batch update): its event and transition. */
    void record(Transition.Kind kind, Task before, Task after, String actor, ObjectNode detail) {
        recordAll(List.of(new Change(kind, before, after, actor, detail)));
    }

    /**
     * Writes many computed changes ({@link TaskStore#updateAll}) with their events; a task whose version moved
     * meanwhile makes the whole transaction conflict (and be retried), as {@link #update} does.
     *
     * @return the tasks as stored, in the order of {@code changes}
     */
    List<Task> updateAll(List<Change> changes) {
        if (changes.isEmpty()) {
            return List.of();
        }
        List<Task> written = tx.tasks().updateAll(changes.stream().map(Change::after).toList());
        Map<UUID, Task> byId = new HashMap<>();
        written.forEach(t -> byId.put(t.id(), t));
        List<Change> stored = new ArrayList<>(changes.size());
        for (Change c : changes) {
            Task after = byId.get(c.after().id());
            if (after == null) {
                throw new StoreException.VersionConflict(c.after().id(), c.after().version());
            }
            stored.add(new Change(c.kind(), c.before(), after, c.actor(), c.detail()));
        }
        recordAll(stored);
        return stored.stream().map(Change::after).toList();
    }

    /**
     * {@link #record} for many changes, their events written in one call; then what the changes mean for the
     * children of the tasks they finished or revived ({@link TaskDependencies#settle}), in this transaction.
     */
    void recordAll(List<Change> changes) {
        List<Task> tasks = new ArrayList<>(changes.size());
        List<TaskEvent> events = new ArrayList<>(changes.size());
        for (Change c : changes) {
            transitions.add(new Transition(c.kind(), c.before(), c.after()));
            if (c.detail() != null) {
                tasks.add(c.after());
                events.add(TaskEvents.of(c.after(), c.actor(), c.detail(), now));
            }
        }
        if (!events.isEmpty()) {
            tx.events().appendAll(events);
            announce(tasks, events);
        }
        TaskDependencies.settle(this, changes);
    }

    /**
     * Inserts new tasks with their events ({@link StoreTx#insertTasks}); only the events of the tasks actually
     * inserted are written, and announced, and only those are recorded: a {@link Transition.Kind#CREATED} each, and a
     * {@link Transition.Kind#CLAIMED} for one inserted already claimed (handed to a waiting claim).
     */
    List<TaskStore.Inserted> insert(List<NewTaskRow> rows, String notifyTenant) {
        return insert(rows, notifyTenant, task -> task);
    }

    /**
     * {@link #insert} for one chunk of a streamed create: the transitions recorded for after commit keep each task
     * without its payload and metadata (no listener reads them), so that a transaction of 100,000 tasks does not
     * hold every payload until it commits.
     */
    List<TaskStore.Inserted> insertStreamed(List<NewTaskRow> rows, String notifyTenant) {
        return insert(rows, notifyTenant, task -> task.toBuilder().payload("{}").metadata("{}").build());
    }

    private List<TaskStore.Inserted> insert(List<NewTaskRow> rows, String notifyTenant, UnaryOperator<Task> recorded) {
        List<TaskStore.Inserted> inserted = tx.insertTasks(rows, notifyTenant);
        List<Task> announcedTasks = new ArrayList<>();
        List<TaskEvent> announced = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (!inserted.get(i).created()) {
                continue;
            }
            Task task = rows.get(i).task();
            Task kept = recorded.apply(task);
            transitions.add(new Transition(Transition.Kind.CREATED, null, kept));
            if (task.status() == TaskClaim.CLAIMED_STATUS) {
                transitions.add(new Transition(Transition.Kind.CLAIMED, null, kept));
            }
            for (TaskEvent event : rows.get(i).events()) {
                announcedTasks.add(task);
                announced.add(event);
            }
        }
        announce(announcedTasks, announced);
        return inserted;
    }

    /** Tells other service nodes, when this transaction commits, that tasks of {@code tenant} may be ready. */
    void notifyOtherNodes(String tenant) {
        tx.tasks().notifyReady(tenant);
    }

    /** What this transaction did, once it committed. */
    Committed committed() {
        return new Committed(transitions, outboxMessages, now);
    }

    /** One outbox message per event, when publishing; {@code tasks.get(i)} is the task of {@code events.get(i)}. */
    private void announce(List<Task> tasks, List<TaskEvent> events) {
        if (!publish || events.isEmpty()) {
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
        outboxMessages += messages.size();
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
