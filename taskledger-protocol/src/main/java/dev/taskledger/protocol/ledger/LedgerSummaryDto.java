package dev.taskledger.protocol.ledger;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The answer to {@code GET /api/v1/ledger/summary}: one {@link TaskSummary} per task_name, by task_name.
 */
public record LedgerSummaryDto(@JsonProperty("summaries") List<TaskSummary> summaries) {
    public LedgerSummaryDto {
        summaries = summaries == null ? List.of() : List.copyOf(summaries);
    }

    /**
     * One task_name: how many entries ({@code total}), how many per status ({@code by_status}, every one of the
     * five statuses present, zero included), the first attempt (earliest {@code created}), the last attempt
     * (latest {@code updated}), and the sum of {@code retries}.
     */
    public record TaskSummary(
            @JsonProperty("task_name") String taskName,
            @JsonProperty("total") long total,
            @JsonProperty("by_status") Map<String, Long> byStatus,
            @JsonProperty("first_attempt") Instant firstAttempt,
            @JsonProperty("last_attempt") Instant lastAttempt,
            @JsonProperty("total_retries") long totalRetries) {
    }
}
