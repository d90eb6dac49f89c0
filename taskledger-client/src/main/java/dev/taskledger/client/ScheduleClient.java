package dev.taskledger.client;

import dev.taskledger.client.Transport.Call;
import dev.taskledger.protocol.FireTimesDto;
import dev.taskledger.protocol.ScheduleDto;
import dev.taskledger.protocol.ScheduleEventDto;
import dev.taskledger.protocol.SchedulePageDto;
import dev.taskledger.protocol.ScheduleRequest;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/**
 * Recurring schedules, reached through {@link TaskledgerClient#schedules()}: each creates a task from its template at
 * every fire time of a cron expression or a fixed interval, in a time zone (docs/api.md, "Schedules").
 *
 * <pre>{@code
 * client.schedules().put("nightly-report", ScheduleRequest.cron(null, "30 2 * * *", "Europe/Berlin",
 *         ScheduleTaskDto.of("report", "{\"kind\":\"nightly\"}")));
 * }</pre>
 */
public final class ScheduleClient {
    private static final String SCHEDULES = "/api/v1/schedules";

    private final Transport transport;

    ScheduleClient(Transport transport) {
        this.transport = transport;
    }

    /** Creates a schedule (201); {@link ConflictException} when the tenant has one of that name already. */
    public ScheduleDto create(ScheduleRequest request) {
        return transport.send(new Call("POST", SCHEDULES).json(request), ScheduleDto.class);
    }

    /** Creates the schedule of {@code name}, or replaces its definition: safe to repeat (a deploy script's call). */
    public ScheduleDto put(String name, ScheduleRequest request) {
        return put(name, request, null);
    }

    /** {@link #put(String, ScheduleRequest)}, replacing only while the schedule is at {@code expectedVersion}. */
    public ScheduleDto put(String name, ScheduleRequest request, Integer expectedVersion) {
        return transport.send(ifMatch(new Call("PUT", SCHEDULES + "/" + Transport.segment(name)).json(request), expectedVersion),
                ScheduleDto.class);
    }

    public ScheduleDto get(String id) {
        return transport.send(new Call("GET", schedule(id)), ScheduleDto.class);
    }

    /** One page in id order; pass {@link SchedulePageDto#nextCursor()} for the next (null first). */
    public SchedulePageDto list(Integer limit, String cursor) {
        return transport.send(new Call("GET", SCHEDULES).query("limit", limit).query("cursor", cursor), SchedulePageDto.class);
    }

    /** Every schedule of the tenant, fetching pages lazily as the stream is consumed. */
    public Stream<ScheduleDto> listAll() {
        return Pages.stream(cursor -> list(null, cursor), SchedulePageDto::schedules, SchedulePageDto::nextCursor);
    }

    /**
     * Changes the fields set in {@code patch} (the others stay). With {@code expectedVersion} it is sent with
     * {@code If-Match} and fails with {@link PreconditionFailedException} when the schedule moved on.
     */
    public ScheduleDto update(String id, ScheduleRequest patch, Integer expectedVersion) {
        return transport.send(ifMatch(new Call("PATCH", schedule(id)).json(patch), expectedVersion), ScheduleDto.class);
    }

    public void delete(String id) {
        transport.send(new Call("DELETE", schedule(id)), Void.class);
    }

    public ScheduleDto pause(String id) {
        return transport.send(new Call("POST", schedule(id) + "/pause"), ScheduleDto.class);
    }

    /** Fires again from the next fire time after now (times passed while paused do not fire). */
    public ScheduleDto resume(String id) {
        return transport.send(new Call("POST", schedule(id) + "/resume"), ScheduleDto.class);
    }

    /** The next {@code count} (1–100) fire times, earliest first. */
    public List<Instant> next(String id, int count) {
        return transport.send(new Call("GET", schedule(id) + "/next").query("count", count), FireTimesDto.class).fireTimes();
    }

    /** The latest 100 events of the schedule (created, updated, paused, resumed, fired, skipped), newest first. */
    public List<ScheduleEventDto> events(String id) {
        return transport.send(new Call("GET", schedule(id) + "/events"), ScheduleEventDto.Page.class).events();
    }

    private static Call ifMatch(Call call, Integer expectedVersion) {
        return call.header("If-Match", expectedVersion == null ? null : "\"" + expectedVersion + "\"");
    }

    private static String schedule(String id) {
        return SCHEDULES + "/" + Transport.segment(id);
    }
}
