package dev.taskledger.client;

import dev.taskledger.protocol.ProblemDto;

/** 401 or 403: no API key, an unknown key, or a tenant key used where an admin key is needed. */
public final class UnauthorizedException extends TaskledgerException {
    public UnauthorizedException(ProblemDto problem) {
        super(problem);
    }
}
