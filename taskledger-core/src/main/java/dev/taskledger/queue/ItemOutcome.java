package dev.taskledger.queue;

import dev.taskledger.common.ServiceException;

import java.util.UUID;

/**
 * The outcome of one item of a batched worker call: the task after the change ({@code error} null), or the
 * error the single-item call would have thrown for it ({@code task} null).
 */
public record ItemOutcome(UUID id, Task task, ServiceException error) {
    public boolean isOk() {
        return error == null;
    }
}
