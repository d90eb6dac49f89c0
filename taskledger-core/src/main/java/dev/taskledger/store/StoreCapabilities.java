package dev.taskledger.store;

/**
 * What a backend supports beyond the common contract.
 *
 * @param name           short backend name for logs and benchmark tables ({@code sqlite}, {@code postgresql}, ...)
 * @param skipLocked     claims by concurrent nodes do not block each other (FOR UPDATE SKIP LOCKED)
 * @param listenNotify   the database can wake other service nodes when a task becomes ready
 * @param transactional  several documents/rows change atomically in one {@link Store#inTransaction}
 * @param exactLedgerKeys ledger keys (task_name, task_item) compare exactly, code point by code point; false on
 *                       MySQL/MariaDB, where the replic ledger's utf8mb4_unicode_ci collation makes case variants, trailing
 *                       spaces and characters beyond the BMP (emoji) compare equal
 */
public record StoreCapabilities(String name, boolean skipLocked, boolean listenNotify, boolean transactional,
                                boolean exactLedgerKeys) {
}
