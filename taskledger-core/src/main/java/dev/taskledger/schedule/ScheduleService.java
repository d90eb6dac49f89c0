package dev.taskledger.schedule;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taskledger.common.Ids;
import dev.taskledger.common.Page;
import dev.taskledger.common.PlainJson;
import dev.taskledger.common.ServiceException;
import dev.taskledger.common.Text;
import dev.taskledger.queue.Task;
import dev.taskledger.queue.TaskService;
import dev.taskledger.queue.TaskStatus;
import dev.taskledger.schedule.spi.ScheduleStore;
import dev.taskledger.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Recurring schedules: their API operations, and {@link #fireDue()}, which the scheduler loop ({@link ScheduleFiring})
 * runs on every node. Exactly one task per (schedule, fire time) however many nodes fire at once, by the database: a
 * fire creates its tasks with the idempotency key {@code schedule:<id>:<fire time>} and moves the schedule's next fire
 * time with a conditional update ({@link ScheduleStore#update}) in the same transaction; a node that lost the race
 * rolls back, runs again, and finds nothing due. Every change and every fire writes a schedule event.
 */
public final class ScheduleService {
    private static final Logger LOG = LoggerFactory.getLogger(ScheduleService.class);
    public static final int EVENTS_SHOWN = 100;
    static final String API = "API";
    static final String SCHEDULER = "SCHEDULER";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._:-]{1," + ScheduleLimits.MAX_NAME_LENGTH + "}");

    private final TaskService tasks;
    private final Clock clock;

    /**
     * @param tasks the queue's task service: its transactions write a fire's tasks and its schedule together
     * @param clock the time schedules fire by (the database's clock, so that nodes agree)
     */
    public ScheduleService(TaskService tasks, Clock clock) {
        this.tasks = tasks;
        this.clock = clock;
    }

    /** The outcome of an upsert: the schedule, and whether it is new (201) or replaced (200). */
    public record Upserted(ScheduleInfo schedule, boolean created) {}

    public ScheduleInfo create(String tenant, ScheduleSpec spec) {
        Definition d = Definition.of(spec, null, tasks);
        return tasks.inTransaction(t -> {
            Instant now = now();
            Schedule s = d.newSchedule(Ids.newId(now), tenant, now);
            insert(t.tx().schedules(), s);
            event(t.tx().schedules(), s, "created", API, d.detail(), now);
            return info(t, s);
        });
    }

    /** {@code PUT /schedules/{name}}: creates the schedule of that name, or replaces its definition (keeping its history). */
    public Upserted upsert(String tenant, String name, ScheduleSpec spec, Integer expectedVersion) {
        if (spec.name() != null && !spec.name().equals(name)) {
            throw ServiceException.invalid("name: the body names '" + spec.name() + "' but the path names '" + name + "'");
        }
        Definition d = Definition.of(new ScheduleSpec(name, spec.cron(), spec.every(), spec.timeZone(), spec.task(),
                spec.misfire(), spec.overlap(), spec.paused()), null, tasks);
        return tasks.inTransaction(t -> {
            ScheduleStore store = t.tx().schedules();
            Instant now = now();
            Optional<Schedule> existing = store.byName(tenant, name);
            if (existing.isEmpty()) {
                if (expectedVersion != null) {
                    throw ServiceException.preconditionFailed("no schedule named '" + name + "' to match If-Match");
                }
                Schedule s = d.newSchedule(Ids.newId(now), tenant, now);
                insert(store, s);
                event(store, s, "created", API, d.detail(), now);
                return new Upserted(info(t, s), true);
            }
            Schedule before = existing.get();
            requireVersion(before, expectedVersion);
            if (d.sameAs(before)) {
                return new Upserted(info(t, before), false); // a deploy script run again: nothing to change, no event
            }
            Schedule after = d.replacing(before, now);
            store.update(after);
            event(store, after, "updated", API, d.detail(), now);
            return new Upserted(info(t, after), false);
        });
    }

    public ScheduleInfo get(String tenant, UUID id) {
        return tasks.inTransaction(t -> info(t, find(t.tx().schedules(), tenant, id)));
    }

    public Page<ScheduleInfo> list(String tenant, String cursor, int limit) {
        if (limit < 1 || limit > ScheduleLimits.MAX_LIST) {
            throw ServiceException.invalid("limit must be between 1 and " + ScheduleLimits.MAX_LIST);
        }
        UUID after = null;
        if (cursor != null) {
            after = Ids.parseOrNull(cursor);
            if (after == null) {
                throw ServiceException.badRequest("cursor: not a cursor this server gave out");
            }
        }
        UUID from = after;
        return tasks.inTransaction(t -> {
            List<Schedule> rows = t.tx().schedules().list(tenant, from, limit + 1);
            List<ScheduleInfo> items = new ArrayList<>();
            for (Schedule s : rows.subList(0, Math.min(limit, rows.size()))) {
                items.add(info(t, s));
            }
            String next = rows.size() > limit ? rows.get(limit - 1).id().toString() : null;
            return new Page<>(items, next);
        });
    }

    /** Merge-updates the fields given; 412 when {@code expectedVersion} is given and stale. */
    public ScheduleInfo update(String tenant, UUID id, ScheduleSpec patch, Integer expectedVersion) {
        return tasks.inTransaction(t -> {
            ScheduleStore store = t.tx().schedules();
            Schedule before = find(store, tenant, id);
            requireVersion(before, expectedVersion);
            Definition d = Definition.of(patch, before, tasks);
            Schedule after = d.replacing(before, now());
            store.update(after);
            event(store, after, "updated", API, d.detail(), now());
            return info(t, after);
        });
    }

    public void delete(String tenant, UUID id) {
        tasks.inTransaction(t -> {
            ScheduleStore store = t.tx().schedules();
            Schedule s = find(store, tenant, id);
            store.delete(tenant, id);
            event(store, s, "deleted", API, detail().put("name", s.name()), now());
            return null;
        });
    }

    public ScheduleInfo pause(String tenant, UUID id) {
        return setPaused(tenant, id, true);
    }

    /** Resumes a paused schedule from now: fire times that passed while it was paused do not fire. */
    public ScheduleInfo resume(String tenant, UUID id) {
        return setPaused(tenant, id, false);
    }

    private ScheduleInfo setPaused(String tenant, UUID id, boolean paused) {
        return tasks.inTransaction(t -> {
            ScheduleStore store = t.tx().schedules();
            Schedule before = find(store, tenant, id);
            if (before.paused() == paused) {
                return info(t, before);
            }
            Instant now = now();
            Instant next = paused ? before.nextFireAt() : before.recurrence().next(now);
            Schedule after = before.withPaused(paused, next, now);
            store.update(after);
            event(store, after, paused ? "paused" : "resumed", API, detail(), now);
            return info(t, after);
        });
    }

    /** The next {@code count} fire times (from the stored next fire time; from now when paused). */
    public List<Instant> next(String tenant, UUID id, int count) {
        if (count < 1 || count > ScheduleLimits.MAX_NEXT) {
            throw ServiceException.invalid("count must be between 1 and " + ScheduleLimits.MAX_NEXT);
        }
        Schedule s = tasks.inTransaction(t -> find(t.tx().schedules(), tenant, id));
        Recurrence r = s.recurrence();
        List<Instant> times = new ArrayList<>(count);
        Instant at = s.paused() || s.nextFireAt() == null ? r.next(now()) : s.nextFireAt();
        while (at != null && times.size() < count) {
            times.add(at);
            at = r.next(at);
        }
        return times;
    }

    public List<ScheduleEvent> events(String tenant, UUID id) {
        return tasks.inTransaction(t -> {
            find(t.tx().schedules(), tenant, id);
            return t.tx().schedules().events(id, EVENTS_SHOWN);
        });
    }

    /**
     * Fires every schedule that is due now (at most {@link ScheduleLimits#DUE_BATCH}), each in its own transaction.
     *
     * @return how many schedules were due (a full batch: call again at once)
     */
    public int fireDue() {
        Instant now = now();
        List<Schedule> due = tasks.inTransaction(t -> t.tx().schedules().due(now, ScheduleLimits.DUE_BATCH));
        for (Schedule s : due) {
            try {
                fire(s.tenant(), s.id());
            } catch (StoreException.VersionConflict e) {
                LOG.debug("schedule {} kept changing while firing; the next step tries again: {}", s.id(), e.toString());
            } catch (ServiceException e) {
                // a conflict that outlasted the retries is harmless (the next step looks again); anything else is not
                if (e.kind() == ServiceException.Kind.CONFLICT) {
                    LOG.debug("schedule {} kept changing while firing; the next step tries again: {}", s.id(), e.toString());
                } else {
                    LOG.warn("schedule {} ({}) could not fire: {}", s.id(), s.name(), e.getMessage());
                }
            }
        }
        return due.size();
    }

    /** Fires one schedule if it is (still) due: its on-time fire times, and the missed ones as its misfire policy says. */
    void fire(String tenant, UUID id) {
        tasks.inTransaction(t -> {
            ScheduleStore store = t.tx().schedules();
            Instant now = now();
            Schedule s = store.get(tenant, id).orElse(null);
            if (s == null || s.paused() || s.nextFireAt() == null || s.nextFireAt().isAfter(now)) {
                return null; // another node fired it first, or it changed meanwhile
            }
            FirePlan plan = FirePlan.of(s, now);
            if (plan.missedUntil() != null) {
                event(store, s, "skipped", SCHEDULER, detail().put("reason", "misfire").put("misfire", s.misfire().wireName())
                        .put("from", plan.missedFrom().toString()).put("until", plan.missedUntil().toString())
                        .put("skipped_at_least", plan.skipped()), now);
            }
            Instant lastFire = s.lastFireAt();
            UUID lastTask = s.lastTaskId();
            TaskStatus lastStatus = lastTask == null ? null : statusOf(t, tenant, lastTask);
            for (Instant at : plan.fireTimes()) {
                if (s.overlap() == Overlap.SKIP_IF_RUNNING && isRunning(lastStatus)) {
                    event(store, s, "skipped", SCHEDULER, detail().put("reason", "overlap").put("fire_time", at.toString())
                            .put("running_task_id", lastTask.toString()), now);
                    continue;
                }
                String key = "schedule:" + s.id() + ":" + at;
                TaskService.Created created = t.create(tenant, List.of(s.template().spec(key, at)),
                        SCHEDULER + ":" + s.name()).getFirst();
                lastFire = at;
                lastTask = created.task().id();
                lastStatus = created.task().status();
                event(store, s, "fired", SCHEDULER, detail().put("fire_time", at.toString())
                        .put("task_id", lastTask.toString()).put("created", created.created()), now);
            }
            store.update(s.withFire(plan.next(), lastFire, lastTask, now));
            return null;
        });
    }

    private static boolean isRunning(TaskStatus status) {
        return status == TaskStatus.PENDING || status == TaskStatus.PROCESSING;
    }

    private static TaskStatus statusOf(TaskService.Creating t, String tenant, UUID taskId) {
        return t.tx().tasks().get(tenant, taskId).map(Task::status).orElse(null);
    }

    private static ScheduleInfo info(TaskService.Creating t, Schedule s) {
        return new ScheduleInfo(s, s.lastTaskId() == null ? null : statusOf(t, s.tenant(), s.lastTaskId()));
    }

    private static Schedule find(ScheduleStore store, String tenant, UUID id) {
        return store.get(tenant, id).orElseThrow(() -> ServiceException.notFound("no schedule " + id));
    }

    private static void requireVersion(Schedule s, Integer expectedVersion) {
        if (expectedVersion != null && expectedVersion != s.version()) {
            throw ServiceException.preconditionFailed("schedule " + s.id() + " is at version " + s.version()
                    + ", not " + expectedVersion);
        }
    }

    private static void insert(ScheduleStore store, Schedule s) {
        try {
            store.insert(s);
        } catch (StoreException.DuplicateKey e) {
            throw new StoreException.DuplicateKey("a schedule named '" + s.name() + "' exists already (PUT"
                    + " /api/v1/schedules/{name} replaces it)", e);
        }
    }

    private static void event(ScheduleStore store, Schedule s, String kind, String actor, ObjectNode detail, Instant now) {
        store.appendEvent(new ScheduleEvent(Ids.newId(now), s.id(), s.tenant(), kind, PlainJson.write(detail), actor, now));
    }

    private static ObjectNode detail() {
        return PlainJson.MAPPER.createObjectNode();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** What one fire does: the times to fire now, the missed ones skipped, and the next fire time after now. */
    record FirePlan(List<Instant> fireTimes, Instant missedFrom, Instant missedUntil, int skipped, Instant next) {
        static FirePlan of(Schedule s, Instant now) {
            Recurrence r = s.recurrence();
            Instant first = s.nextFireAt();
            Instant graceStart = now.minus(ScheduleLimits.MISFIRE_GRACE);
            List<Instant> fire = new ArrayList<>();
            Instant missedFrom = null;
            Instant missedUntil = null;
            int skipped = 0;
            if (first.isBefore(graceStart)) { // fire times in [first, graceStart) were missed
                List<Instant> latestMissed = new ArrayList<>();
                int wanted = switch (s.misfire()) {
                    case SKIP -> 0;
                    case FIRE_ONCE -> 1;
                    case FIRE_ALL -> ScheduleLimits.FIRE_ALL_CAP;
                };
                Instant t = r.previous(graceStart);
                while (t != null && !t.isBefore(first) && latestMissed.size() < wanted) {
                    latestMissed.addFirst(t);
                    t = r.previous(t);
                }
                if (t != null && !t.isBefore(first)) { // some were not fired: say so
                    missedFrom = first;
                    missedUntil = t;
                    skipped = 1;
                    for (Instant c = r.previous(t); c != null && !c.isBefore(first) && skipped < ScheduleLimits.FIRE_ALL_CAP; c = r.previous(c)) {
                        skipped++;
                    }
                }
                fire.addAll(latestMissed);
            }
            Instant t = first.isBefore(graceStart) ? r.next(graceStart.minusMillis(1)) : first;
            while (t != null && !t.isAfter(now)) {
                fire.add(t);
                t = r.next(t);
            }
            return new FirePlan(fire, missedFrom, missedUntil, skipped, t);
        }
    }

    /** A schedule's definition after checking, from a create, a replace, or an update merged over the stored schedule. */
    private record Definition(String name, String cron, Duration every, String timeZone, TaskTemplate template,
                              Misfire misfire, Overlap overlap, boolean paused, boolean timingChanged) {

        static Definition of(ScheduleSpec spec, Schedule base, TaskService tasks) {
            String name = spec.name() != null ? spec.name() : base == null ? null : base.name();
            if (name == null || name.isEmpty()) {
                throw ServiceException.invalid("name is required");
            }
            Text.requireWellFormed("name", name);
            if (!NAME.matcher(name).matches()) {
                throw ServiceException.invalid("name must be 1 to " + ScheduleLimits.MAX_NAME_LENGTH
                        + " letters, digits, '.', '_', ':' or '-'");
            }
            boolean newTiming = spec.cron() != null || spec.every() != null;
            if (spec.cron() != null && spec.every() != null) {
                throw ServiceException.invalid("cron and every cannot both be given");
            }
            if (base == null && !newTiming) {
                throw ServiceException.invalid("cron or every is required");
            }
            String cron = newTiming ? spec.cron() : base.cron();
            if (cron != null) {
                Text.requireWellFormed("cron", cron);
                if (cron.length() > ScheduleLimits.MAX_CRON_LENGTH) {
                    throw ServiceException.invalid("cron is longer than " + ScheduleLimits.MAX_CRON_LENGTH + " characters");
                }
            }
            Duration every = newTiming ? (spec.every() == null ? null : Recurrence.every(spec.every())) : base.every();
            String zoneName = spec.timeZone() != null ? spec.timeZone() : base == null ? "UTC" : base.timeZone();
            ZoneId zone = Recurrence.zone(zoneName);
            if (cron != null && Recurrence.of(cron, null, zone, null).next(Instant.now()) == null) {
                throw ServiceException.invalid("cron: '" + cron + "' never fires (an impossible date such as 30 February)");
            }
            TaskTemplate template = spec.task() != null ? spec.task() : base == null ? null : base.template();
            if (template == null) {
                throw ServiceException.invalid("task is required (at least task.type)");
            }
            if (template.type() == null || template.type().isBlank()) {
                throw ServiceException.invalid("task.type is required");
            }
            tasks.check("task.", template.spec("schedule:check", Instant.EPOCH));
            Misfire misfire = spec.misfire() != null ? Misfire.parse(spec.misfire()) : base == null ? Misfire.SKIP : base.misfire();
            Overlap overlap = spec.overlap() != null ? Overlap.parse(spec.overlap()) : base == null ? Overlap.ALLOW : base.overlap();
            boolean paused = spec.paused() != null ? spec.paused() : base != null && base.paused();
            boolean timingChanged = base == null || !Objects.equals(cron, base.cron()) || !Objects.equals(every, base.every())
                    || !zone.getId().equals(base.timeZone()) || paused != base.paused();
            return new Definition(name, cron, every, zone.getId(), template, misfire, overlap, paused, timingChanged);
        }

        Schedule newSchedule(UUID id, String tenant, Instant now) {
            Instant anchor = now.truncatedTo(ChronoUnit.SECONDS);
            Instant next = Recurrence.of(cron, every, ZoneId.of(timeZone), anchor).next(now);
            return new Schedule(id, tenant, name, cron, every, timeZone, template, misfire, overlap, paused, next, anchor,
                    null, null, 1, now, now);
        }

        /** {@code before} with this definition; a changed timing counts from now (an interval from a new anchor). */
        Schedule replacing(Schedule before, Instant now) {
            Instant anchor = before.anchor();
            Instant next = before.nextFireAt();
            if (timingChanged) {
                anchor = Objects.equals(every, before.every()) ? before.anchor() : now.truncatedTo(ChronoUnit.SECONDS);
                next = Recurrence.of(cron, every, ZoneId.of(timeZone), anchor).next(now);
            }
            return new Schedule(before.id(), before.tenant(), name, cron, every, timeZone, template, misfire, overlap, paused,
                    next, anchor, before.lastFireAt(), before.lastTaskId(), before.version() + 1, before.createdAt(), now);
        }

        /** True when {@code s} already has this definition. */
        boolean sameAs(Schedule s) {
            return name.equals(s.name()) && Objects.equals(cron, s.cron()) && Objects.equals(every, s.every())
                    && timeZone.equals(s.timeZone()) && template.sameAs(s.template()) && misfire == s.misfire()
                    && overlap == s.overlap() && paused == s.paused();
        }

        ObjectNode detail() {
            ObjectNode d = PlainJson.MAPPER.createObjectNode().put("name", name);
            if (cron != null) {
                d.put("cron", cron);
            } else {
                d.put("every", every.toString());
            }
            d.put("time_zone", timeZone).put("task_type", template.type()).put("misfire", misfire.wireName())
                    .put("overlap", overlap.wireName()).put("paused", paused);
            return d;
        }
    }
}
