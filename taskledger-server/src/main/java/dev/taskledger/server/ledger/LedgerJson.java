package dev.taskledger.server.ledger;

import dev.taskledger.ledger.LedgerEntry;
import dev.taskledger.ledger.LedgerStatus;
import dev.taskledger.ledger.LedgerSummary;
import dev.taskledger.ledger.ReconcileReport;
import dev.taskledger.protocol.ledger.LedgerEntryDto;
import dev.taskledger.protocol.ledger.LedgerSummaryDto;
import dev.taskledger.protocol.ledger.ReconcileReportDto;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Core ledger values → the {@code /api/v1} wire DTOs of {@code dev.taskledger.protocol.ledger}. */
final class LedgerJson {
    private LedgerJson() {}

    /** The entry with its public id ({@link LedgerIds}), never its row id. */
    static LedgerEntryDto entry(LedgerEntry e, LedgerIds ids) {
        return new LedgerEntryDto(ids.encode(e.id(), e.tenant()), e.taskName(), e.taskItem(), e.retries(), e.status().dbName(),
                e.note(), e.created(), e.updated());
    }

    static ReconcileReportDto report(ReconcileReport r, LedgerIds ids) {
        return new ReconcileReportDto(r.taskName(), r.expected(), r.ok(), r.missing(),
                r.notOk().stream().map(e -> entry(e, ids)).toList());
    }

    static LedgerSummaryDto summaries(List<LedgerSummary> summaries) {
        return new LedgerSummaryDto(summaries.stream().map(LedgerJson::summary).toList());
    }

    private static LedgerSummaryDto.TaskSummary summary(LedgerSummary s) {
        Map<String, Long> byStatus = new LinkedHashMap<>();
        for (LedgerStatus status : LedgerStatus.values()) { // every status present, zero included
            byStatus.put(status.dbName(), s.byStatus().getOrDefault(status, 0L));
        }
        return new LedgerSummaryDto.TaskSummary(s.taskName(), s.total(), byStatus, s.firstAttempt(), s.lastAttempt(),
                s.totalRetries());
    }
}
