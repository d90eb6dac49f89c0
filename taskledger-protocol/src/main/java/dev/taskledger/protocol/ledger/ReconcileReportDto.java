package dev.taskledger.protocol.ledger;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * Which of the items that should have been done under {@code task_name} were not. {@code expected} counts the
 * distinct items asked about, {@code ok} those whose entry is {@code ok}; {@code missing} lists the items
 * with no entry at all (in the order asked) and {@code not_ok} the entries of the others (any status but ok).
 * {@code expected == ok + missing.size() + not_ok.size()}.
 */
public record ReconcileReportDto(
        @JsonProperty("task_name") String taskName,
        @JsonProperty("expected") int expected,
        @JsonProperty("ok") int ok,
        @JsonProperty("missing") List<String> missing,
        @JsonProperty("not_ok") List<LedgerEntryDto> notOk) {
    public ReconcileReportDto {
        missing = missing == null ? List.of() : List.copyOf(missing);
        notOk = notOk == null ? List.of() : List.copyOf(notOk);
    }
}
