package dev.taskledger.queue;

import java.util.Locale;
import java.util.Optional;

/**
 * The lifecycle of a queue task. {@link #wireName()} is what the API speaks (the Task Repository Service's lowercase
 * names); {@link #dbName()} is what the {@code tasks.status} column holds (the task persistence design's CHECK values).
 * {@link #WAITING} extends both lists the same way: a task with parents ({@code depends_on}) that are not all completed
 * yet, so not claimable ({@link TaskDependencies}).
 */
public enum TaskStatus {
    WAITING("waiting", "WAITING"),
    PENDING("pending", "PENDING"),
    PROCESSING("processing", "IN_PROGRESS"),
    COMPLETED("completed", "COMPLETED"),
    FAILED("failed", "FAILED"),
    CANCELLED("cancelled", "CANCELLED");

    private final String wireName;
    private final String dbName;

    TaskStatus(String wireName, String dbName) {
        this.wireName = wireName;
        this.dbName = dbName;
    }

    public String wireName() {
        return wireName;
    }

    public String dbName() {
        return dbName;
    }

    public boolean isFinished() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }

    /** Parses any spelling the earlier designs use: wire names, DB names, {@code in_progress}, {@code canceled}; any case. */
    public static Optional<TaskStatus> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String s = text.trim().toLowerCase(Locale.ROOT);
        return Optional.ofNullable(switch (s) {
            case "waiting", "blocked" -> WAITING;
            case "pending", "queued" -> PENDING;
            case "processing", "in_progress", "in-progress", "running", "claimed" -> PROCESSING;
            case "completed", "complete", "done" -> COMPLETED;
            case "failed", "fail" -> FAILED;
            case "cancelled", "canceled" -> CANCELLED;
            default -> null;
        });
    }

    public static TaskStatus fromDb(String dbName) {
        for (TaskStatus s : values()) {
            if (s.dbName.equals(dbName)) {
                return s;
            }
        }
        throw new IllegalStateException("unknown task status in database: " + dbName);
    }
}
