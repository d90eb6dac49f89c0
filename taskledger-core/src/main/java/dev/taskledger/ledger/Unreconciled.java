package dev.taskledger.ledger;

import java.util.List;

/**
 * Of some items a reconcile asks about: those with no entry ({@code missing}) and the entries that are not
 * {@code ok} ({@code notOk}), each in the order the items were asked. Every other item asked has an ok entry.
 */
public record Unreconciled(List<String> missing, List<LedgerEntry> notOk) {
    public Unreconciled {
        missing = List.copyOf(missing);
        notOk = List.copyOf(notOk);
    }
}
