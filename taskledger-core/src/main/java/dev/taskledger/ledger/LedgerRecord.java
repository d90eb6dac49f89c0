package dev.taskledger.ledger;

/** One validated record request: the upsert input for (tenant, taskName, taskItem). {@code note} may be null. */
public record LedgerRecord(String tenant, String taskName, String taskItem, LedgerStatus status, String note) {
}
