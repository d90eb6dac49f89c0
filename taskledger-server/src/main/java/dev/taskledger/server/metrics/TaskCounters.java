package dev.taskledger.server.metrics;

import dev.taskledger.queue.CommitListener;
import dev.taskledger.queue.Committed;
import dev.taskledger.queue.Transition;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts lifecycle transitions, by task type, from what each queue transaction committed: whichever service, batch
 * endpoint or background job made a transition, it is counted once, after its commit.
 */
public final class TaskCounters implements CommitListener {
    private final MeterRegistry registry;

    public TaskCounters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A counted transition: the counter's name and, where it has one, its {@code outcome} tag. */
    record Counted(String counter, String outcome) {}

    @Override
    public void committed(Committed committed) {
        for (Transition t : committed.transitions()) {
            Counted c = counted(t.kind());
            if (c == null) {
                continue;
            }
            String type = t.after().type();
            if (c.outcome() == null) {
                registry.counter(c.counter(), "type", type).increment();
            } else {
                registry.counter(c.counter(), "type", type, "outcome", c.outcome()).increment();
            }
        }
    }

    /** The counter of a transition, or null for those not counted (edits, heartbeats, tasks given back unstarted). */
    static Counted counted(Transition.Kind kind) {
        return switch (kind) {
            case CREATED -> new Counted("taskledger.tasks.enqueued", null);
            case CLAIMED -> new Counted("taskledger.tasks.claimed", null);
            case COMPLETED -> new Counted("taskledger.tasks.completed", null);
            case RETRY_SCHEDULED -> new Counted("taskledger.tasks.failed", "retry");
            case FAILED -> new Counted("taskledger.tasks.failed", "failed");
            case LEASE_EXPIRED_REQUEUED -> new Counted("taskledger.tasks.lease.expired", "requeued");
            case LEASE_EXPIRED_FAILED -> new Counted("taskledger.tasks.lease.expired", "failed");
            case CANCELLED -> new Counted("taskledger.tasks.cancelled", null);
            case RETRIED -> new Counted("taskledger.tasks.retried", null);
            case DEPENDENCIES_MET -> new Counted("taskledger.tasks.dependencies.met", null);
            case CANCELLED_BY_PARENT -> new Counted("taskledger.tasks.cancelled.by.parent", null);
            case HEARTBEAT, EDITED, RELEASED, RETURNED_UNDELIVERED, PARENT_FINISHED, REVIVED -> null;
        };
    }
}
