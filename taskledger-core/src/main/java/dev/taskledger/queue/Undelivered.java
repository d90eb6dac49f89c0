package dev.taskledger.queue;

/** Why the answer of a claim never reached its client, so its tasks go back to the queue ({@link WorkService#returnUndelivered}). */
public enum Undelivered {
    /** The client had closed its connection before the answer was written. */
    CLIENT_GONE("the claim's client closed its connection before the answer"),
    /** Writing the answer to the client failed. */
    WRITE_FAILED("the claim's answer could not be written to its client");

    private final String reason;

    Undelivered(String reason) {
        this.reason = reason;
    }

    /** The {@code reason} of the audit event. */
    public String reason() {
        return reason;
    }
}
