package dev.taskledger.ledger;

import java.time.Instant;
import java.util.Map;

/** Per task_name: entries per status, first and last attempt, and the sum of retries. */
public record LedgerSummary(String taskName, long total, Map<LedgerStatus, Long> byStatus,
                            Instant firstAttempt, Instant lastAttempt, long totalRetries) {
    public LedgerSummary {
        byStatus = Map.copyOf(byStatus);
    }
}
