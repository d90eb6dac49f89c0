package dev.taskledger.queue.spi;

import dev.taskledger.queue.TaskResult;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The {@code task_results} table: at most one result per task. */
public interface ResultStore {

    /** Inserts or replaces the result of each task. */
    void putAll(List<TaskResult> results);

    Optional<TaskResult> get(UUID taskId);
}
