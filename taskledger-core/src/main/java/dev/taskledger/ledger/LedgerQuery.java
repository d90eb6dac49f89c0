package dev.taskledger.ledger;

import java.time.Instant;

/** A listing filter; null fields do not filter. Entries come in id order; {@code cursor} is opaque. */
public record LedgerQuery(String tenant, String taskName, LedgerStatus status, Instant updatedAfter,
                          int limit, String cursor) {
}
