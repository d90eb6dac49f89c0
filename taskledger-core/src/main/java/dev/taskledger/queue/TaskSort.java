package dev.taskledger.queue;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a task listing sorts by; every sort is served by an index, so a page reads about as many index entries as it
 * shows. {@link #CREATED_AT} is id order (ids are UUIDv7, in creation order), on any filter. {@link #PRIORITY} is
 * claim order (priority, then run_at, then id), which only the pending tasks' claim-order indexes hold: it lists
 * pending tasks only.
 */
public enum TaskSort {
    CREATED_AT("created_at"),
    PRIORITY("priority");

    private final String wireName;

    TaskSort(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<TaskSort> parse(String text) {
        return Arrays.stream(values()).filter(s -> s.wireName.equals(text)).findFirst();
    }
}
