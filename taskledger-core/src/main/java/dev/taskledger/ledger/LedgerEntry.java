package dev.taskledger.ledger;

import java.time.Instant;

/** One row of {@code inv_tasks}. Timestamps have whole-second precision, as in the replic ledger's MySQL table. */
public record LedgerEntry(long id, String tenant, String taskName, String taskItem, int retries,
                          LedgerStatus status, String note, Instant created, Instant updated) {
}
