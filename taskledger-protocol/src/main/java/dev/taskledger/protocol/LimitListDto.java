package dev.taskledger.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** The answer to {@code GET /api/v1/limits}: the tenant's limits, ordered by type then key. */
public record LimitListDto(@JsonProperty("limits") List<LimitDto> limits) {
}
