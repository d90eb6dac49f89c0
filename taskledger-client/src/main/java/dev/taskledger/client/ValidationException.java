package dev.taskledger.client;

import dev.taskledger.protocol.ProblemDto;

/** 400 or 422: the request was malformed or a field was out of bounds; {@link #detail()} names the field. */
public final class ValidationException extends TaskledgerException {
    public ValidationException(ProblemDto problem) {
        super(problem);
    }
}
