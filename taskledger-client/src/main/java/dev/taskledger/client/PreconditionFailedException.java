package dev.taskledger.client;

import dev.taskledger.protocol.ProblemDto;

/** 412: an update sent {@code If-Match} with a version that is no longer the task's; read it again and retry. */
public final class PreconditionFailedException extends TaskledgerException {
    public PreconditionFailedException(ProblemDto problem) {
        super(problem);
    }
}
