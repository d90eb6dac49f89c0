package dev.taskledger.client;

import dev.taskledger.protocol.ScheduleDto;
import dev.taskledger.protocol.ScheduleEventDto;
import dev.taskledger.protocol.ScheduleRequest;
import dev.taskledger.protocol.ScheduleTaskDto;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every call of {@link ScheduleClient} against a real in-process server (SQLite). */
class ScheduleClientTest extends SharedServerTest {
    private ScheduleClient schedules;

    @BeforeAll
    void openSchedules() { // after SharedServerTest's @BeforeAll
        schedules = client.schedules();
    }

    private static String newName() {
        return "nightly-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void everyOperation_roundTrips() {
        String name = newName();
        ScheduleDto created = schedules.create(ScheduleRequest.cron(name, "30 2 * * *", "Europe/Berlin",
                ScheduleTaskDto.of("report", "{\"kind\":\"nightly\"}")));
        assertThat(created.name()).isEqualTo(name);
        assertThat(created.task().payload()).isEqualTo("{\"kind\":\"nightly\"}");
        assertThat(schedules.get(created.id())).isEqualTo(created);

        assertThatThrownBy(() -> schedules.update(created.id(), new ScheduleRequest(null, null, null, null, null, "fire_all", null, null), 9))
                .isInstanceOf(PreconditionFailedException.class);
        ScheduleDto updated = schedules.update(created.id(), new ScheduleRequest(null, null, null, null, null, "fire_all", null, null), 1);
        assertThat(updated.misfire()).isEqualTo("fire_all");

        assertThat(schedules.pause(created.id()).paused()).isTrue();
        assertThat(schedules.resume(created.id()).paused()).isFalse();
        List<Instant> next = schedules.next(created.id(), 3);
        assertThat(next).hasSize(3).isSorted();
        assertThat(schedules.events(created.id())).extracting(ScheduleEventDto::kind)
                .containsExactly("resumed", "paused", "updated", "created");
        assertThat(schedules.listAll().map(ScheduleDto::id)).contains(created.id());
        assertThat(schedules.list(1, null).schedules()).hasSize(1);

        schedules.delete(created.id());
        assertThatThrownBy(() -> schedules.get(created.id())).isInstanceOf(NotFoundException.class);
    }

    @Test
    void put_isAnUpsertByName_andBadInputIsAValidationError() {
        String name = newName();
        ScheduleDto first = schedules.put(name, ScheduleRequest.every(null, "PT1H", ScheduleTaskDto.of("sync", null)));
        ScheduleDto second = schedules.put(name, ScheduleRequest.every(null, "PT2H", ScheduleTaskDto.of("sync", null)), first.version());
        assertThat(second.id()).isEqualTo(first.id());
        assertThat(second.every()).isEqualTo("PT2H");
        assertThatThrownBy(() -> schedules.create(ScheduleRequest.every(name, "PT1H", ScheduleTaskDto.of("sync", null))))
                .isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> schedules.create(ScheduleRequest.cron(newName(), "0 0 30 2 *", null, ScheduleTaskDto.of("x", null))))
                .isInstanceOf(ValidationException.class).hasMessageContaining("cron");
    }
}
