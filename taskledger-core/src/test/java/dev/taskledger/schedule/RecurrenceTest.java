package dev.taskledger.schedule;

import dev.taskledger.common.ServiceException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Fire times of cron and interval schedules, and the daylight-saving rule (Europe/Berlin, 2026: 29 March, 25 October). */
class RecurrenceTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static List<Instant> times(Recurrence r, Instant from, Instant until) {
        List<Instant> out = new ArrayList<>();
        for (Instant t = r.next(from); t != null && t.isBefore(until); t = r.next(t)) {
            out.add(t);
        }
        return out;
    }

    @Test
    void a0230Job_onTheSpringForwardDay_firesOnce_whenTheClockJumps() {
        Recurrence r = Recurrence.of("30 2 * * *", null, BERLIN, null);
        assertThat(times(r, Instant.parse("2026-03-28T00:00:00Z"), Instant.parse("2026-03-31T00:00:00Z"))).containsExactly(
                Instant.parse("2026-03-28T01:30:00Z"), // 02:30 CET
                Instant.parse("2026-03-29T01:00:00Z"), // 02:30 does not exist: 03:00 CEST, the moment of the jump
                Instant.parse("2026-03-30T00:30:00Z")); // 02:30 CEST
    }

    @Test
    void a0230Job_onTheFallBackDay_firesOnce_atTheFirstOccurrence() {
        Recurrence r = Recurrence.of("30 2 * * *", null, BERLIN, null);
        assertThat(times(r, Instant.parse("2026-10-24T00:00:00Z"), Instant.parse("2026-10-27T00:00:00Z"))).containsExactly(
                Instant.parse("2026-10-24T00:30:00Z"), // 02:30 CEST
                Instant.parse("2026-10-25T00:30:00Z"), // 02:30 CEST, the first of the two 02:30s
                Instant.parse("2026-10-26T01:30:00Z")); // 02:30 CET
        // backwards the same fire times, also from inside the repeated hour
        assertThat(r.previous(Instant.parse("2026-10-25T01:45:00Z"))).isEqualTo(Instant.parse("2026-10-25T00:30:00Z"));
        assertThat(r.previous(Instant.parse("2026-10-26T01:30:00Z"))).isEqualTo(Instant.parse("2026-10-25T00:30:00Z"));
        assertThat(r.previous(Instant.parse("2026-03-30T00:30:00Z"))).isEqualTo(Instant.parse("2026-03-29T01:00:00Z"));
    }

    @Test
    void aQuarterHourJob_firesEachWallClockTimeOnce_acrossTheRepeatedHour() {
        Recurrence r = Recurrence.of("*/15 * * * *", null, BERLIN, null);
        List<Instant> t = times(r, Instant.parse("2026-10-25T00:40:00Z"), Instant.parse("2026-10-25T02:20:00Z"));
        // 02:45 CEST, then the repeated 02:00-02:59 is not fired again, then 03:00 CET and 03:15 CET
        assertThat(t).containsExactly(Instant.parse("2026-10-25T00:45:00Z"), Instant.parse("2026-10-25T02:00:00Z"),
                Instant.parse("2026-10-25T02:15:00Z"));
    }

    @Test
    void macros_secondsField_andIntervals() {
        Instant at = Instant.parse("2026-05-05T10:20:30Z");
        assertThat(Recurrence.of("@hourly", null, ZoneOffset.UTC, null).next(at)).isEqualTo(Instant.parse("2026-05-05T11:00:00Z"));
        assertThat(Recurrence.of("@daily", null, ZoneOffset.UTC, null).next(at)).isEqualTo(Instant.parse("2026-05-06T00:00:00Z"));
        assertThat(Recurrence.of("@weekly", null, ZoneOffset.UTC, null).next(at)).isEqualTo(Instant.parse("2026-05-10T00:00:00Z"));
        assertThat(Recurrence.of("@monthly", null, ZoneOffset.UTC, null).next(at)).isEqualTo(Instant.parse("2026-06-01T00:00:00Z"));
        assertThat(Recurrence.of("@yearly", null, ZoneOffset.UTC, null).next(at)).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
        assertThat(Recurrence.of("*/10 * * * * *", null, ZoneOffset.UTC, null).next(at)).isEqualTo(Instant.parse("2026-05-05T10:20:40Z"));
        assertThat(Recurrence.of("0 9 * * 1-5", null, ZoneOffset.UTC, null).next(Instant.parse("2026-05-08T10:00:00Z")))
                .isEqualTo(Instant.parse("2026-05-11T09:00:00Z")); // Friday after nine: next Monday
        Recurrence every = Recurrence.of(null, Duration.ofSeconds(30), ZoneOffset.UTC, Instant.parse("2026-05-05T10:00:00Z"));
        assertThat(every.next(Instant.parse("2026-05-05T09:00:00Z"))).isEqualTo(Instant.parse("2026-05-05T10:00:30Z"));
        assertThat(every.next(Instant.parse("2026-05-05T10:00:30Z"))).isEqualTo(Instant.parse("2026-05-05T10:01:00Z"));
        assertThat(every.previous(Instant.parse("2026-05-05T10:01:00Z"))).isEqualTo(Instant.parse("2026-05-05T10:00:30Z"));
        assertThat(every.previous(Instant.parse("2026-05-05T10:00:30Z"))).isNull();
    }

    @Test
    void impossibleAndMalformed_areRefusedNamingTheField() {
        assertThat(Recurrence.of("0 0 30 2 *", null, ZoneOffset.UTC, null).next(Instant.parse("2026-01-01T00:00:00Z"))).isNull();
        assertThatThrownBy(() -> Recurrence.of("0 0 * *", null, ZoneOffset.UTC, null)).isInstanceOf(ServiceException.class)
                .hasMessageStartingWith("cron");
        assertThatThrownBy(() -> Recurrence.zone("Nowhere/Land")).hasMessageStartingWith("time_zone");
        assertThatThrownBy(() -> Recurrence.every("P1M")).hasMessageStartingWith("every");
        assertThatThrownBy(() -> Recurrence.every("PT1.5S")).hasMessageStartingWith("every");
    }
}
