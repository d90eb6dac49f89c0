package dev.taskledger.ledger;

import java.util.List;

/**
 * The answer to "which of the items that should have been done were not": items with no entry at all,
 * and items whose entry is not {@code ok} (with the entry). {@code expected} counts distinct items asked.
 */
public record ReconcileReport(String taskName, int expected, int ok, List<String> missing, List<LedgerEntry> notOk) {
    public ReconcileReport {
        missing = List.copyOf(missing);
        notOk = List.copyOf(notOk);
    }
}
