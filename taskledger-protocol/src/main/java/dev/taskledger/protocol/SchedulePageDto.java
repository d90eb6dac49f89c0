package dev.taskledger.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** One page of the schedule listing; {@code next_cursor} is null on the last page. */
public record SchedulePageDto(
        @JsonProperty("schedules") List<ScheduleDto> schedules,
        @JsonProperty("next_cursor") @JsonInclude(JsonInclude.Include.ALWAYS) String nextCursor) {
    public SchedulePageDto {
        schedules = schedules == null ? List.of() : List.copyOf(schedules);
    }
}
