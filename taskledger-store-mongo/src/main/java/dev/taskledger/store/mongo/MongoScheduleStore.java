package dev.taskledger.store.mongo;

import com.mongodb.MongoException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import dev.taskledger.schedule.Misfire;
import dev.taskledger.schedule.Overlap;
import dev.taskledger.schedule.Schedule;
import dev.taskledger.schedule.ScheduleEvent;
import dev.taskledger.schedule.TaskTemplate;
import dev.taskledger.schedule.spi.ScheduleStore;
import dev.taskledger.store.StoreException;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static dev.taskledger.store.mongo.TaskDocuments.date;
import static dev.taskledger.store.mongo.TaskDocuments.instant;

/**
 * The {@code <tasks>_schedules} collection (one document per schedule, {@code _id} = its UUID string, unique
 * (tenant, name)) and {@code <tasks>_schedule_events}. A schedule's write is conditional on its version, atomic on
 * its one document; its events are buffered like task events ({@link MongoTx}).
 */
final class MongoScheduleStore implements ScheduleStore {
    private final MongoTx tx;
    private final MongoCollections c;

    MongoScheduleStore(MongoTx tx, MongoCollections c) {
        this.tx = tx;
        this.c = c;
    }

    private static Document toDocument(Schedule s) {
        return new Document("_id", s.id().toString()).append("tenant", s.tenant()).append("name", s.name())
                .append("cron", s.cron()).append("every_seconds", s.every() == null ? null : s.every().toSeconds())
                .append("time_zone", s.timeZone()).append("task_template", s.template().toJson())
                .append("misfire", s.misfire().name()).append("overlap", s.overlap().name()).append("paused", s.paused())
                .append("next_fire_at", date(s.nextFireAt())).append("anchor_at", date(s.anchor()))
                .append("last_fire_at", date(s.lastFireAt()))
                .append("last_task_id", s.lastTaskId() == null ? null : s.lastTaskId().toString())
                .append("version", s.version()).append("created_at", date(s.createdAt())).append("updated_at", date(s.updatedAt()));
    }

    private static Schedule fromDocument(Document d) {
        Number every = d.get("every_seconds", Number.class);
        String lastTask = d.getString("last_task_id");
        return new Schedule(UUID.fromString(d.getString("_id")), d.getString("tenant"), d.getString("name"), d.getString("cron"),
                every == null ? null : Duration.ofSeconds(every.longValue()), d.getString("time_zone"),
                TaskTemplate.fromJson(d.getString("task_template")), Misfire.valueOf(d.getString("misfire")),
                Overlap.valueOf(d.getString("overlap")), d.getBoolean("paused"), instant(d.getDate("next_fire_at")),
                instant(d.getDate("anchor_at")), instant(d.getDate("last_fire_at")),
                lastTask == null ? null : UUID.fromString(lastTask), d.getInteger("version"),
                instant(d.getDate("created_at")), instant(d.getDate("updated_at")));
    }

    @Override
    public void insert(Schedule schedule) {
        tx.check();
        try {
            c.schedules().insertOne(toDocument(schedule));
        } catch (MongoException e) {
            if (MongoErrors.isDuplicateKey(e)) {
                throw new StoreException.DuplicateKey("schedule " + schedule.name() + " exists", e);
            }
            throw e;
        }
    }

    @Override
    public Optional<Schedule> get(String tenant, UUID id) {
        return one(and(eq("_id", id.toString()), eq("tenant", tenant)));
    }

    @Override
    public Optional<Schedule> byName(String tenant, String name) {
        return one(and(eq("tenant", tenant), eq("name", name)));
    }

    private Optional<Schedule> one(Bson filter) {
        tx.check();
        return Optional.ofNullable(c.schedules().find(filter).first()).map(MongoScheduleStore::fromDocument);
    }

    @Override
    public List<Schedule> list(String tenant, UUID after, int limit) {
        tx.check();
        Bson filter = after == null ? eq("tenant", tenant) : and(eq("tenant", tenant), Filters.gt("_id", after.toString()));
        List<Schedule> out = new ArrayList<>();
        c.schedules().find(filter).sort(Sorts.ascending("_id")).limit(limit).forEach(d -> out.add(fromDocument(d)));
        return out;
    }

    @Override
    public void update(Schedule next) {
        tx.check();
        Document replacement = toDocument(next);
        long matched;
        try {
            matched = c.schedules().replaceOne(and(eq("_id", next.id().toString()), eq("version", next.version() - 1)),
                    replacement).getMatchedCount();
        } catch (MongoException e) {
            if (MongoErrors.isDuplicateKey(e)) {
                throw new StoreException.DuplicateKey("schedule " + next.name() + " exists", e);
            }
            throw e;
        }
        if (matched != 1) {
            throw new StoreException.VersionConflict(next.id(), next.version() - 1);
        }
    }

    @Override
    public boolean delete(String tenant, UUID id) {
        tx.check();
        return c.schedules().deleteOne(and(eq("_id", id.toString()), eq("tenant", tenant))).getDeletedCount() == 1;
    }

    @Override
    public List<Schedule> due(Instant now, int limit) {
        tx.check();
        List<Schedule> out = new ArrayList<>();
        c.schedules().find(and(eq("paused", false), Filters.lte("next_fire_at", date(now))))
                .sort(Sorts.ascending("next_fire_at")).limit(limit).forEach(d -> out.add(fromDocument(d)));
        return out;
    }

    @Override
    public void appendEvent(ScheduleEvent e) {
        tx.bufferScheduleEvent(new Document("_id", e.id().toString()).append("schedule_id", e.scheduleId().toString())
                .append("tenant", e.tenant()).append("kind", e.kind()).append("detail", e.detail())
                .append("actor", e.actor()).append("created_at", date(e.createdAt())));
    }

    @Override
    public List<ScheduleEvent> events(UUID scheduleId, int limit) {
        tx.flush();
        List<ScheduleEvent> out = new ArrayList<>();
        c.scheduleEvents().find(eq("schedule_id", scheduleId.toString())).sort(Sorts.descending("created_at", "_id"))
                .limit(limit).forEach(d -> out.add(new ScheduleEvent(UUID.fromString(d.getString("_id")),
                        UUID.fromString(d.getString("schedule_id")), d.getString("tenant"), d.getString("kind"),
                        d.getString("detail"), d.getString("actor"), instant(d.getDate("created_at")))));
        return out;
    }
}
