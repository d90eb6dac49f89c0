package dev.taskledger.client;

/**
 * The request got no HTTP answer: the connection was refused or broke, or the request timed out. Whether a
 * write took effect is unknown; complete, fail and heartbeat are safe to repeat with the same lease token.
 */
public final class TransportException extends TaskledgerException {
    public TransportException(String message, Throwable cause) {
        super(message, cause);
    }
}
