package dev.taskledger.ledger;

import java.util.List;

/** One page of a ledger listing, in id order; {@code more} when entries follow the last one. */
public record LedgerPage(List<LedgerEntry> items, boolean more) {
    public LedgerPage {
        items = List.copyOf(items);
        if (more && items.isEmpty()) {
            throw new IllegalArgumentException("a page with more entries after it holds at least one");
        }
    }

    /** The {@link LedgerQuery#afterId()} of the next page; null on the last page. */
    public Long nextAfterId() {
        return more ? items.getLast().id() : null;
    }
}
