package dev.taskledger.server.schedule;

import dev.taskledger.protocol.ScheduleDto;
import dev.taskledger.protocol.ScheduleEventDto;
import dev.taskledger.protocol.ScheduleRequest;
import dev.taskledger.protocol.ScheduleTaskDto;
import dev.taskledger.schedule.Schedule;
import dev.taskledger.schedule.ScheduleEvent;
import dev.taskledger.schedule.ScheduleInfo;
import dev.taskledger.schedule.ScheduleSpec;
import dev.taskledger.schedule.TaskTemplate;
import dev.taskledger.server.http.Requests;
import dev.taskledger.server.http.Responses;
import io.javalin.http.Context;

import java.util.List;

/** Schedules between the wire and the core. */
final class ScheduleJson {
    private ScheduleJson() {}

    static ScheduleSpec spec(ScheduleRequest r) {
        ScheduleTaskDto t = r.task();
        TaskTemplate template = t == null ? null
                : new TaskTemplate(t.type(), t.payload(), t.priority(), t.tags(), t.maxAttempts(), t.leaseSeconds());
        return new ScheduleSpec(r.name(), r.cron(), r.every(), r.timeZone(), template, r.misfire(), r.overlap(), r.paused());
    }

    /** Answers with one schedule and its version as the ETag. */
    static void send(Context ctx, int status, ScheduleInfo info) {
        ctx.header("ETag", Requests.etag(info.schedule().version()));
        Responses.json(ctx, status, dto(info));
    }

    static ScheduleDto dto(ScheduleInfo info) {
        Schedule s = info.schedule();
        TaskTemplate t = s.template();
        return new ScheduleDto(s.id().toString(), s.name(), s.cron(), s.every() == null ? null : s.every().toString(),
                s.timeZone(), new ScheduleTaskDto(t.type(), t.payload(), t.priority(), t.tags(), t.maxAttempts(), t.leaseSeconds()),
                s.misfire().wireName(), s.overlap().wireName(), s.paused(), s.nextFireAt(), s.lastFireAt(),
                s.lastTaskId() == null ? null : s.lastTaskId().toString(),
                info.lastTaskStatus() == null ? null : info.lastTaskStatus().wireName(), s.version(), s.createdAt(), s.updatedAt());
    }

    static List<ScheduleDto> dtos(List<ScheduleInfo> infos) {
        return infos.stream().map(ScheduleJson::dto).toList();
    }

    static ScheduleEventDto.Page events(List<ScheduleEvent> events) {
        return new ScheduleEventDto.Page(events.stream().map(e -> new ScheduleEventDto(e.id().toString(),
                e.scheduleId().toString(), e.kind(), e.detail(), e.actor(), e.createdAt())).toList());
    }
}
