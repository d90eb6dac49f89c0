package dev.taskledger.protocol.ledger;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * One page of {@code GET /api/v1/ledger}, entries in the order they were first recorded. {@code next_cursor} is
 * always present: null on the last page, otherwise the opaque value to pass as {@code cursor} (with the same filters)
 * for the next one.
 */
public record LedgerPageDto(
        @JsonProperty("entries") List<LedgerEntryDto> entries,
        @JsonProperty("next_cursor") @JsonInclude(JsonInclude.Include.ALWAYS) String nextCursor) {
    public LedgerPageDto {
        entries = entries == null ? List.of() : List.copyOf(entries);
    }
}
