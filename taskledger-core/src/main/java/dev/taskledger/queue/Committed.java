package dev.taskledger.queue;

import java.time.Instant;
import java.util.List;

/**
 * What one committed queue transaction did, as its {@link EventLog} recorded it: the transitions it wrote, how many
 * outbox messages it wrote, and its time (taken inside the transaction).
 */
public record Committed(List<Transition> transitions, int outboxMessages, Instant at) {
    public Committed {
        transitions = List.copyOf(transitions);
    }

    public boolean isEmpty() {
        return transitions.isEmpty() && outboxMessages == 0;
    }

    /**
     * The tasks whose transition ended their run (completed, failed, released, cancelled, lease rescued…): each
     * frees the slot it held in its limits.
     */
    public List<Task> endedRuns() {
        return transitions.stream().filter(t -> t.before() != null && t.before().status() == TaskStatus.PROCESSING
                && (t.after() == null || t.after().status() != TaskStatus.PROCESSING)).map(Transition::before).toList();
    }

    /** The transitions that made a task claimable (see {@link Transition#madeReady}). */
    public List<Task> madeReady() {
        return transitions.stream().filter(t -> t.madeReady(at)).map(Transition::after).toList();
    }
}
