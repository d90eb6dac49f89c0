package dev.taskledger.protocol.ledger;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.List;

/**
 * One ledger entry (a row of the replic ledger's {@code inv_tasks} table) on the {@code /api/v1} wire.
 *
 * <p>{@code status} holds the table's {@code current_status} column: the outcome of the last attempt, one of
 * {@link #STATUSES} (always lowercase). It is called {@code status} here because that is the name the record
 * request uses; {@code current_status} is accepted as an alias when reading. The replic ledger's own
 * endpoint ({@code /mrtreplic/task}) keeps that API's spelling and shape instead.
 *
 * <p>{@code id} is opaque (22 characters; it reveals nothing about how many entries exist, unlike the replic ledger
 * API's numeric id, which only {@code /mrtreplic/task} shows). {@code retries} is 0 after the first record and grows
 * by one with every later record of the same (task_name, task_item); {@code id} and {@code created} never change. {@code created} (first attempt) and
 * {@code updated} (last attempt) are RFC 3339 in UTC with whole seconds. {@code note} is absent when null.
 */
public record LedgerEntryDto(
        @JsonProperty("id") String id,
        @JsonProperty("task_name") String taskName,
        @JsonProperty("task_item") String taskItem,
        @JsonProperty("retries") int retries,
        @JsonProperty("status") @JsonAlias("current_status") String status,
        @JsonProperty("note") String note,
        @JsonProperty("created") Instant created,
        @JsonProperty("updated") Instant updated) {

    /** The five values of the {@code current_status} enum of the replic ledger, as the API writes them. */
    public static final List<String> STATUSES = List.of("ok", "fail", "pending", "partial", "unknown");
}
