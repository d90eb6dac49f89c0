package dev.taskledger.client;

import dev.taskledger.protocol.ProblemDto;

/** 502, 503 or 504: the server (or its database) cannot serve now; trying again later may succeed. */
public final class ServerUnavailableException extends TaskledgerException {
    public ServerUnavailableException(ProblemDto problem) {
        super(problem);
    }
}
