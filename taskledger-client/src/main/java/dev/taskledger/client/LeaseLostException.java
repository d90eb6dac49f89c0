package dev.taskledger.client;

import dev.taskledger.protocol.ProblemDto;

/**
 * 409 of type {@code urn:taskledger:problem:lease-lost}: the lease token sent is no longer the task's, because the
 * lease expired and the task was claimed again (or it went back to pending). The caller must drop the task without
 * reporting it.
 */
public final class LeaseLostException extends ConflictException {
    public LeaseLostException(ProblemDto problem) {
        super(problem);
    }
}
