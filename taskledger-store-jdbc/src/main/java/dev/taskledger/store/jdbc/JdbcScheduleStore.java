package dev.taskledger.store.jdbc;

import dev.taskledger.schedule.Misfire;
import dev.taskledger.schedule.Overlap;
import dev.taskledger.schedule.Schedule;
import dev.taskledger.schedule.ScheduleEvent;
import dev.taskledger.schedule.TaskTemplate;
import dev.taskledger.schedule.spi.ScheduleStore;
import dev.taskledger.store.StoreException;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/** {@link ScheduleStore} on SQL; statements in {@code /sql/<dialect>/schedules.sql}. */
final class JdbcScheduleStore implements ScheduleStore {
    private final Statements<ScheduleSql> sql;
    private final Dialect d;

    JdbcScheduleStore(Statements<ScheduleSql> sql) {
        this.sql = sql;
        this.d = sql.dialect();
    }

    private static Params params(Schedule s) {
        return new Params().id("id", s.id()).string("tenant", s.tenant()).string("name", s.name()).string("cron", s.cron())
                .longValue("every_seconds", s.every() == null ? null : s.every().toSeconds())
                .string("time_zone", s.timeZone()).json("task_template", s.template().toJson())
                .string("misfire", s.misfire().name()).string("overlap", s.overlap().name())
                .integer("paused", s.paused() ? 1 : 0).time("next_fire_at", s.nextFireAt()).time("anchor_at", s.anchor())
                .time("last_fire_at", s.lastFireAt()).id("last_task_id", s.lastTaskId()).integer("version", s.version())
                .time("created_at", s.createdAt()).time("updated_at", s.updatedAt());
    }

    private Schedule map(ResultSet rs) throws SQLException {
        long every = rs.getLong("every_seconds");
        Duration interval = rs.wasNull() ? null : Duration.ofSeconds(every);
        return new Schedule(d.uuid(rs, "id"), rs.getString("tenant"), rs.getString("name"), rs.getString("cron"), interval,
                rs.getString("time_zone"), TaskTemplate.fromJson(d.json(rs, "task_template")),
                Misfire.valueOf(rs.getString("misfire").toUpperCase(Locale.ROOT)),
                Overlap.valueOf(rs.getString("overlap").toUpperCase(Locale.ROOT)), rs.getInt("paused") != 0,
                d.instant(rs, "next_fire_at"), d.instant(rs, "anchor_at"), d.instant(rs, "last_fire_at"),
                d.uuid(rs, "last_task_id"), rs.getInt("version"), d.instant(rs, "created_at"), d.instant(rs, "updated_at"));
    }

    @Override
    public void insert(Schedule schedule) {
        sql.update(ScheduleSql.INSERT, params(schedule));
    }

    @Override
    public Optional<Schedule> get(String tenant, UUID id) {
        return sql.queryOne(ScheduleSql.GET, new Params().id("id", id).string("tenant", tenant), this::map);
    }

    @Override
    public Optional<Schedule> byName(String tenant, String name) {
        return sql.queryOne(ScheduleSql.BY_NAME, new Params().string("tenant", tenant).string("name", name), this::map);
    }

    @Override
    public List<Schedule> list(String tenant, UUID after, int limit) {
        Params p = new Params().string("tenant", tenant).integer("limit", limit);
        return after == null ? sql.query(ScheduleSql.LIST_FIRST, p, this::map)
                : sql.query(ScheduleSql.LIST_AFTER, p.id("after", after), this::map);
    }

    @Override
    public void update(Schedule next) {
        int rows = sql.update(ScheduleSql.UPDATE, params(next).integer("expected_version", next.version() - 1));
        if (rows != 1) {
            throw new StoreException.VersionConflict(next.id(), next.version() - 1);
        }
    }

    @Override
    public boolean delete(String tenant, UUID id) {
        return sql.update(ScheduleSql.DELETE, new Params().id("id", id).string("tenant", tenant)) == 1;
    }

    @Override
    public List<Schedule> due(Instant now, int limit) {
        return sql.query(ScheduleSql.DUE, new Params().time("now", now).integer("limit", limit), this::map);
    }

    @Override
    public void appendEvent(ScheduleEvent e) {
        sql.update(ScheduleSql.APPEND_EVENT, new Params().id("id", e.id()).id("schedule_id", e.scheduleId())
                .string("tenant", e.tenant()).string("kind", e.kind()).json("detail", e.detail()).string("actor", e.actor())
                .time("created_at", e.createdAt()));
    }

    @Override
    public List<ScheduleEvent> events(UUID scheduleId, int limit) {
        return sql.query(ScheduleSql.EVENTS, new Params().id("schedule_id", scheduleId).integer("limit", limit),
                rs -> new ScheduleEvent(d.uuid(rs, "id"), d.uuid(rs, "schedule_id"), rs.getString("tenant"),
                        rs.getString("kind"), d.json(rs, "detail"), rs.getString("actor"), d.instant(rs, "created_at")));
    }
}
