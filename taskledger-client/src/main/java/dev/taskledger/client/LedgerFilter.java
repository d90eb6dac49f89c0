package dev.taskledger.client;

import java.time.Instant;

/**
 * Filters of {@code GET /api/v1/ledger} and of the export; null fields do not filter.
 *
 * @param taskName     only entries of this task_name
 * @param status       only entries whose last attempt had this status (ok, fail, pending, partial, unknown)
 * @param updatedAfter only entries updated after this instant
 * @param limit        page size for listings, 1 to 1,000 (null = the server's default); ignored by the export
 */
public record LedgerFilter(String taskName, String status, Instant updatedAfter, Integer limit) {
    public static final LedgerFilter ALL = new LedgerFilter(null, null, null, null);

    public static LedgerFilter taskName(String name) {
        return ALL.withTaskName(name);
    }

    public LedgerFilter withTaskName(String value) {
        return new LedgerFilter(value, status, updatedAfter, limit);
    }

    public LedgerFilter withStatus(String value) {
        return new LedgerFilter(taskName, value, updatedAfter, limit);
    }

    public LedgerFilter withUpdatedAfter(Instant value) {
        return new LedgerFilter(taskName, status, value, limit);
    }

    public LedgerFilter withLimit(int value) {
        return new LedgerFilter(taskName, status, updatedAfter, value);
    }
}
