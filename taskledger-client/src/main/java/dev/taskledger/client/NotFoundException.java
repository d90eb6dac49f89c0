package dev.taskledger.client;

import dev.taskledger.protocol.ProblemDto;

/** 404: no such task or entry for this tenant (another tenant's task is a 404 too). */
public final class NotFoundException extends TaskledgerException {
    public NotFoundException(ProblemDto problem) {
        super(problem);
    }
}
