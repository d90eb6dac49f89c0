package dev.taskledger.ledger;

import java.time.Instant;

/**
 * A listing filter; null fields do not filter. Entries come in id order, at most {@code limit} of them, those after
 * the entry {@code afterId} only (null: from the first); {@link LedgerPage#nextAfterId()} continues a listing.
 */
public record LedgerQuery(String tenant, String taskName, LedgerStatus status, Instant updatedAfter,
                          int limit, Long afterId) {
}
