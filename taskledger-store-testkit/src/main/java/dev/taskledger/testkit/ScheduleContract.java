package dev.taskledger.testkit;

import dev.taskledger.common.Page;
import dev.taskledger.common.ServiceException;
import dev.taskledger.queue.Task;
import dev.taskledger.queue.TaskQuery;
import dev.taskledger.queue.TaskStatus;
import dev.taskledger.schedule.ScheduleEvent;
import dev.taskledger.schedule.ScheduleInfo;
import dev.taskledger.schedule.ScheduleLimits;
import dev.taskledger.schedule.ScheduleService;
import dev.taskledger.schedule.ScheduleSpec;
import dev.taskledger.schedule.TaskTemplate;
import dev.taskledger.store.StoreException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Recurring schedules over the backend: what the store keeps (every field round-trips, the name is unique per
 * tenant, the conditional update refuses a stale version, due order), and the service's fires on the test's clock:
 * one task per fire time with its events, misfire and overlap policies, pause and resume.
 */
public abstract class ScheduleContract extends ServiceContractSupport {
    private ScheduleService schedules;

    @BeforeEach
    void startSchedules() {
        schedules = new ScheduleService(tasks, clock);
    }

    private static ScheduleSpec every(String name, String every) {
        return new ScheduleSpec(name, null, every, null, template("tick"), null, null, null);
    }

    private static TaskTemplate template(String type) {
        return new TaskTemplate(type, "{\"n\":1}", 5, Map.of("k", "v"), 2, 60);
    }

    private List<Task> tasksOf(String type) {
        return tasks.list(new TaskQuery(TENANT, null, type, null, null, null, 1000, null)).items();
    }

    @Test
    void create_keepsEveryField_andAnswersItByIdAndInTheList() {
        ScheduleInfo created = schedules.create(TENANT, new ScheduleSpec("nightly", "30 2 * * *", null, "Europe/Berlin",
                template("report"), "fire_once", "skip_if_running", false));
        ScheduleInfo read = schedules.get(TENANT, created.schedule().id());
        assertThat(read).isEqualTo(created);
        assertThat(read.schedule().template()).isEqualTo(template("report"));
        assertThat(read.schedule().timeZone()).isEqualTo("Europe/Berlin");
        assertThat(read.schedule().nextFireAt()).isEqualTo(Instant.parse("2025-03-15T01:30:00Z"));
        assertThat(read.schedule().version()).isEqualTo(1);
        assertThat(schedules.list(TENANT, null, 10).items()).containsExactly(created);
        assertThat(schedules.list(OTHER_TENANT, null, 10).items()).isEmpty();
        assertThatThrownBy(() -> schedules.get(OTHER_TENANT, created.schedule().id()))
                .isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.kind()).isEqualTo(ServiceException.Kind.NOT_FOUND));
        assertThat(schedules.events(TENANT, created.schedule().id())).extracting(ScheduleEvent::kind).containsExactly("created");
    }

    @Test
    void names_areUniquePerTenant_andPutByNameReplaces() {
        schedules.create(TENANT, every("a", "PT1M"));
        assertThatThrownBy(() -> schedules.create(TENANT, every("a", "PT2M"))).isInstanceOf(StoreException.DuplicateKey.class);
        schedules.create(OTHER_TENANT, every("a", "PT1M")); // another tenant may use the name
        ScheduleService.Upserted replaced = schedules.upsert(TENANT, "a", every(null, "PT5M"), null);
        assertThat(replaced.created()).isFalse();
        assertThat(replaced.schedule().schedule().every()).isEqualTo(Duration.ofMinutes(5));
        assertThat(replaced.schedule().schedule().version()).isEqualTo(2);
        ScheduleService.Upserted fresh = schedules.upsert(TENANT, "b", every(null, "PT5M"), null);
        assertThat(fresh.created()).isTrue();
        ScheduleService.Upserted repeated = schedules.upsert(TENANT, "b", every(null, "PT5M"), null);
        assertThat(repeated.created()).isFalse();
        assertThat(repeated.schedule()).isEqualTo(fresh.schedule()); // unchanged: not written again, no event
        assertThat(schedules.events(TENANT, fresh.schedule().schedule().id())).hasSize(1);
        assertThatThrownBy(() -> schedules.upsert(TENANT, "b", every(null, "PT5M"), 7))
                .isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.kind()).isEqualTo(ServiceException.Kind.PRECONDITION_FAILED));
    }

    @Test
    void listing_pagesByCursor() {
        for (int i = 0; i < 5; i++) {
            schedules.create(TENANT, every("s" + i, "PT1M"));
        }
        Page<ScheduleInfo> first = schedules.list(TENANT, null, 3);
        Page<ScheduleInfo> second = schedules.list(TENANT, first.nextCursor(), 3);
        assertThat(first.items()).hasSize(3);
        assertThat(second.items()).hasSize(2);
        assertThat(second.nextCursor()).isNull();
        assertThat(first.items().stream().map(s -> s.schedule().name()).toList())
                .doesNotContainAnyElementsOf(second.items().stream().map(s -> s.schedule().name()).toList());
    }

    @Test
    void theStore_refusesAStaleVersion() {
        ScheduleInfo s = schedules.create(TENANT, every("v", "PT1M"));
        schedules.update(TENANT, s.schedule().id(), new ScheduleSpec(null, null, null, null, null, "fire_all", null, null), 1);
        assertThatThrownBy(() -> schedules.update(TENANT, s.schedule().id(),
                new ScheduleSpec(null, null, null, null, null, "skip", null, null), 1))
                .isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.kind()).isEqualTo(ServiceException.Kind.PRECONDITION_FAILED));
        assertThatThrownBy(() -> run(tx -> tx.schedules().update(s.schedule())))
                .isInstanceOf(StoreException.VersionConflict.class);
    }

    @Test
    void fire_createsOneTaskPerFireTime_withItsEventsAndTheScheduleShowingIt() {
        ScheduleInfo s = schedules.create(TENANT, every("tick", "PT10S"));
        UUID id = s.schedule().id();
        Instant first = s.schedule().nextFireAt();
        assertThat(schedules.fireDue()).isZero();
        clock.set(first);
        assertThat(schedules.fireDue()).isEqualTo(1);
        assertThat(schedules.fireDue()).isZero(); // nothing due twice
        List<Task> made = tasksOf("tick");
        assertThat(made).hasSize(1);
        Task task = made.getFirst();
        assertThat(task.priority()).isEqualTo(5);
        assertThat(task.maxAttempts()).isEqualTo(2);
        assertThat(task.leaseSeconds()).isEqualTo(60);
        assertThat(task.tags()).isEqualTo(Map.of("k", "v"));
        ScheduleInfo after = schedules.get(TENANT, id);
        assertThat(after.schedule().lastFireAt()).isEqualTo(first);
        assertThat(after.schedule().lastTaskId()).isEqualTo(task.id());
        assertThat(after.lastTaskStatus()).isEqualTo(TaskStatus.PENDING);
        assertThat(after.schedule().nextFireAt()).isEqualTo(first.plusSeconds(10));
        assertThat(schedules.events(TENANT, id)).extracting(ScheduleEvent::kind).containsExactly("fired", "created");
        assertThat(tasks.events(TENANT, task.id()).getFirst().actor()).isEqualTo("SCHEDULER:tick");
        // two fire times due at once (a late step) give two tasks
        clock.set(first.plusSeconds(25));
        schedules.fireDue();
        assertThat(tasksOf("tick")).hasSize(3);
        assertThat(schedules.get(TENANT, id).schedule().nextFireAt()).isEqualTo(first.plusSeconds(30));
    }

    @Test
    void missedFireTimes_followTheMisfirePolicy() {
        UUID skip = schedules.create(TENANT, new ScheduleSpec("skip", null, "PT10S", null, template("m-skip"), null, null, null)).schedule().id();
        UUID once = schedules.create(TENANT, new ScheduleSpec("once", null, "PT10S", null, template("m-once"), "fire_once", null, null)).schedule().id();
        UUID all = schedules.create(TENANT, new ScheduleSpec("all", null, "PT10S", null, template("m-all"), "fire_all", null, null)).schedule().id();
        Instant first = schedules.get(TENANT, skip).schedule().nextFireAt();
        // down for 10 minutes: 60 fire times, of which those older than the grace were missed
        clock.set(first.plus(Duration.ofMinutes(10)));
        schedules.fireDue();
        int onTime = (int) (ScheduleLimits.MISFIRE_GRACE.toSeconds() / 10) + 1; // fire times within the grace, both ends
        assertThat(tasksOf("m-skip")).hasSize(onTime);
        assertThat(tasksOf("m-once")).hasSize(onTime + 1);
        assertThat(tasksOf("m-all")).hasSize(61);
        assertThat(schedules.events(TENANT, skip)).extracting(ScheduleEvent::kind).contains("skipped");
        assertThat(schedules.get(TENANT, once).schedule().nextFireAt()).isAfter(clock.instant());
        assertThat(schedules.get(TENANT, all).schedule().nextFireAt()).isEqualTo(first.plus(Duration.ofMinutes(10)).plusSeconds(10));
    }

    @Test
    void a0230JobInBerlin_firesOnceOnTheSpringForwardDay_andOnceOnTheFallBackDay() {
        UUID id = schedules.create(TENANT, new ScheduleSpec("dst", "30 2 * * *", null, "Europe/Berlin", template("dst"),
                null, null, null)).schedule().id();
        assertFiresOnceIn(id, Instant.parse("2025-03-29T12:00:00Z"), Instant.parse("2025-03-30T01:00:00Z")); // 03:00 CEST, the jump
        assertFiresOnceIn(id, Instant.parse("2025-10-25T12:00:00Z"), Instant.parse("2025-10-26T00:30:00Z")); // the first 02:30
    }

    /** Steps the clock through the day from {@code from} every 15 minutes: exactly one task, at {@code expected}. */
    private void assertFiresOnceIn(UUID id, Instant from, Instant expected) {
        clock.set(from);
        schedules.fireDue(); // the days before were missed: skipped
        int before = tasksOf("dst").size();
        for (Instant t = from; t.isBefore(from.plus(Duration.ofDays(1))); t = t.plus(Duration.ofMinutes(15))) {
            clock.set(t);
            schedules.fireDue();
        }
        assertThat(tasksOf("dst")).hasSize(before + 1);
        assertThat(schedules.get(TENANT, id).schedule().lastFireAt()).isEqualTo(expected);
    }

    @Test
    void skipIfRunning_firesNoTaskWhileThePreviousIsPendingOrProcessing() {
        UUID id = schedules.create(TENANT, new ScheduleSpec("ov", null, "PT10S", null, template("ov"), null,
                "skip_if_running", null)).schedule().id();
        Instant first = schedules.get(TENANT, id).schedule().nextFireAt();
        clock.set(first);
        schedules.fireDue();
        clock.set(first.plusSeconds(10));
        schedules.fireDue();
        assertThat(tasksOf("ov")).hasSize(1);
        assertThat(schedules.events(TENANT, id).getFirst().kind()).isEqualTo("skipped");
        Task running = claim("w", 1).getFirst();
        work.complete(TENANT, running.id(), running.leaseToken(), "{}");
        clock.set(first.plusSeconds(20));
        schedules.fireDue();
        assertThat(tasksOf("ov")).hasSize(2);
    }

    @Test
    void pause_stopsFiring_andResumeGoesOnFromNow() {
        UUID id = schedules.create(TENANT, every("p", "PT10S")).schedule().id();
        Instant first = schedules.get(TENANT, id).schedule().nextFireAt();
        assertThat(schedules.pause(TENANT, id).schedule().paused()).isTrue();
        clock.set(first.plusSeconds(100));
        schedules.fireDue();
        assertThat(tasksOf("tick")).isEmpty();
        ScheduleInfo resumed = schedules.resume(TENANT, id);
        assertThat(resumed.schedule().paused()).isFalse();
        assertThat(resumed.schedule().nextFireAt()).isAfter(clock.instant());
        assertThat(schedules.events(TENANT, id)).extracting(ScheduleEvent::kind).containsExactly("resumed", "paused", "created");
        schedules.delete(TENANT, id);
        assertThatThrownBy(() -> schedules.get(TENANT, id)).isInstanceOf(ServiceException.class);
    }

    @Test
    void next_listsTheComingFireTimes() {
        UUID id = schedules.create(TENANT, new ScheduleSpec("n", "0 0 * * *", null, "UTC", template("n"), null, null, null)).schedule().id();
        assertThat(schedules.next(TENANT, id, 3)).containsExactly(Instant.parse("2025-03-15T00:00:00Z"),
                Instant.parse("2025-03-16T00:00:00Z"), Instant.parse("2025-03-17T00:00:00Z"));
    }

    @Test
    void badDefinitions_areRefusedNamingTheField() {
        assertInvalid(new ScheduleSpec("x", "0 0 30 2 *", null, null, template("x"), null, null, null), "cron");
        assertInvalid(new ScheduleSpec("x", "61 * * * *", null, null, template("x"), null, null, null), "cron");
        assertInvalid(new ScheduleSpec("x", "* * *", null, null, template("x"), null, null, null), "cron");
        assertInvalid(new ScheduleSpec("x", "@daily", null, "Mars/Olympus", template("x"), null, null, null), "time_zone");
        assertInvalid(new ScheduleSpec("x", null, "P1M", null, template("x"), null, null, null), "every");
        assertInvalid(new ScheduleSpec("x", null, "PT0.5S", null, template("x"), null, null, null), "every");
        assertInvalid(new ScheduleSpec("x", null, null, null, template("x"), null, null, null), "cron or every");
        assertInvalid(new ScheduleSpec("x", "@daily", null, null, template("x"), "sometimes", null, null), "misfire");
        assertInvalid(new ScheduleSpec("x", "@daily", null, null, template("x"), null, "never", null), "overlap");
        assertInvalid(new ScheduleSpec("x y", "@daily", null, null, template("x"), null, null, null), "name");
        assertInvalid(new ScheduleSpec("x", "@daily", null, null, new TaskTemplate("x", null, 1, Map.of(), 0, null), null, null, null),
                "task.max_attempts");
        assertInvalid(new ScheduleSpec("x", "@daily", null, null, null, null, null, null), "task");
        assertInvalid(new ScheduleSpec("x", "@daily", null, null, new TaskTemplate(" ", null, null, null, null, null), null, null, null),
                "task.type");
    }

    private void assertInvalid(ScheduleSpec spec, String field) {
        assertThatThrownBy(() -> schedules.create(TENANT, spec))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ServiceException.Kind.INVALID);
                    assertThat(e.getMessage()).contains(field);
                });
        assertThat(schedules.list(TENANT, null, 10).items()).isEmpty();
    }
}
