package dev.taskledger.protocol.ledger;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The body of {@code POST /api/v1/ledger} and one row of {@code POST /api/v1/ledger/batch}: record the outcome
 * of one attempt at (task_name, task_item). The replic ledger's form names {@code name} and {@code item}
 * and its column name {@code current_status} are accepted as aliases.
 *
 * <p>{@code task_name} (≤ 255 characters) and {@code task_item} (≤ 511 Unicode code points) are required;
 * {@code status} is one of {@link LedgerEntryDto#STATUSES} in any case, absent or empty meaning
 * {@code unknown}; an absent or empty {@code note} stores no note (and clears a previous one).
 */
public record LedgerRecordRequest(
        @JsonProperty("task_name") @JsonAlias("name") String taskName,
        @JsonProperty("task_item") @JsonAlias("item") String taskItem,
        @JsonProperty("status") @JsonAlias("current_status") String status,
        @JsonProperty("note") String note) {
}
