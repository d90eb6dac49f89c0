package dev.taskledger.queue;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What {@link TaskBulk} does to every task a filter selects, and which statuses it may act on: retry (failed,
 * cancelled), cancel (pending, processing), delete (any). A filter must name a status the action may act on, so
 * every task it changes leaves the filter and a repeated call goes on where the last one stopped.
 */
public enum BulkAction {
    RETRY(Set.of(TaskStatus.FAILED, TaskStatus.CANCELLED)),
    CANCEL(Set.of(TaskStatus.PENDING, TaskStatus.PROCESSING)),
    DELETE(Set.of(TaskStatus.values()));

    private final Set<TaskStatus> actsOn;

    BulkAction(Set<TaskStatus> actsOn) {
        this.actsOn = actsOn;
    }

    /** Whether the action may act on a task in {@code status}. */
    public boolean actsOn(TaskStatus status) {
        return actsOn.contains(status);
    }

    /** The path segment: {@code retry}, {@code cancel}, {@code delete}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<BulkAction> parse(String text) {
        for (BulkAction a : values()) {
            if (a.wireName().equals(text)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
