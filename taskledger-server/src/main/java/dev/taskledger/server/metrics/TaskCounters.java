package dev.taskledger.server.metrics;

import dev.taskledger.queue.TaskEvent;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.function.Consumer;

/**
 * Counts lifecycle transitions from the committed task events ({@link ObservedStore}), by task type: every
 * transition writes exactly one event, so counting events counts what happened, whichever service, batch
 * endpoint or background job did it.
 */
public final class TaskCounters implements Consumer<Commit> {
    private final MeterRegistry registry;

    public TaskCounters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A counted transition: the counter's name and, where it has one, its {@code outcome} tag. */
    record Transition(String counter, String outcome) {}

    @Override
    public void accept(Commit commit) {
        for (TaskEvent event : commit.events()) {
            Transition t = classify(event);
            if (t == null) {
                continue;
            }
            String type = commit.typeOf(event.taskId());
            if (t.outcome() == null) {
                registry.counter(t.counter(), "type", type).increment();
            } else {
                registry.counter(t.counter(), "type", type, "outcome", t.outcome()).increment();
            }
        }
    }

    /**
     * Which transition an event records, or null for those not counted (updates, progress reports). Tells them
     * apart by the event's status, actor ({@code API}, {@code WORKER:<id>}, {@code SYSTEM}) and detail, as written
     * by TaskService, WorkService, WorkBatches and LeaseRescuer.
     */
    static Transition classify(TaskEvent e) {
        String actor = e.actor() == null ? "" : e.actor();
        String detail = e.detail() == null ? "" : e.detail();
        boolean api = actor.equals("API");
        boolean worker = actor.startsWith("WORKER");
        boolean leaseExpired = actor.equals("SYSTEM") && detail.contains("lease expired");
        return switch (e.status()) {
            case PENDING -> {
                if (api) {
                    yield detail.contains("\"retry\"") ? new Transition("taskledger.tasks.retried", null)
                            : detail.contains("\"updated\"") ? null : new Transition("taskledger.tasks.enqueued", null);
                }
                if (worker) {
                    yield new Transition("taskledger.tasks.failed", "retry");
                }
                yield leaseExpired ? new Transition("taskledger.tasks.lease.expired", "requeued") : null;
            }
            // a claim's detail is {"attempt": n}; a progress report's never has "attempt"
            case PROCESSING -> worker && detail.contains("\"attempt\"") ? new Transition("taskledger.tasks.claimed", null) : null;
            case COMPLETED -> worker ? new Transition("taskledger.tasks.completed", null) : null;
            case FAILED -> worker ? new Transition("taskledger.tasks.failed", "failed")
                    : leaseExpired ? new Transition("taskledger.tasks.lease.expired", "failed") : null;
            case CANCELLED -> api && !detail.contains("\"updated\"") ? new Transition("taskledger.tasks.cancelled", null) : null;
        };
    }
}
