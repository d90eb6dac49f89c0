package dev.taskledger.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import dev.taskledger.common.ServiceException;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.zone.ZoneOffsetTransition;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * When a schedule fires: a cron expression read in a time zone, or a fixed interval from an anchor. Parsing and
 * matching of cron expressions is cron-utils'; the rule for daylight-saving changes is ours, in one place
 * ({@link #resolve}): cron matches wall-clock times, and each matching wall-clock time fires exactly once —
 *
 * <ul>
 *   <li>a wall-clock time skipped by a spring-forward change (02:30 when clocks jump from 02:00 to 03:00) fires at
 *       the moment of the jump (03:00 new time);</li>
 *   <li>a wall-clock time that occurs twice on a fall-back day (02:30 when clocks go back from 03:00 to 02:00)
 *       fires at its first occurrence only.</li>
 * </ul>
 * A fixed interval ({@code every}) counts real time and is not affected by daylight saving.
 */
public sealed interface Recurrence {
    /** How many wall-clock candidates one search looks at before giving up (a repeated hour of a per-second cron). */
    int MAX_STEPS = 10_000;

    /** The first fire time strictly after {@code after}; null when there is none (an impossible date). */
    Instant next(Instant after);

    /** The last fire time strictly before {@code before}; null when there is none. */
    Instant previous(Instant before);

    /**
     * The recurrence of a schedule's fields; exactly one of {@code cron} and {@code every} is given. {@code anchor}
     * is where an interval counts from. Answers 422 naming the field that is wrong.
     */
    static Recurrence of(String cron, Duration every, ZoneId zone, Instant anchor) {
        return cron != null ? CronRecurrence.parse(cron, zone) : new EveryRecurrence(every, anchor);
    }

    /** The time zone of an IANA name (null: UTC); 422 naming {@code time_zone} for an unknown one. */
    static ZoneId zone(String name) {
        if (name == null) {
            return ZoneOffset.UTC;
        }
        try {
            return ZoneId.of(name);
        } catch (DateTimeException e) {
            throw ServiceException.invalid("time_zone: unknown time zone '" + name + "' (use an IANA name such as Europe/Berlin)");
        }
    }

    /** An ISO-8601 duration of whole seconds, at least 1 s and at most {@link ScheduleLimits#MAX_EVERY}; 422 naming {@code every}. */
    static Duration every(String text) {
        Duration d;
        try {
            d = Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw ServiceException.invalid("every: '" + text + "' is not an ISO-8601 duration such as PT30S or P1D");
        }
        if (d.getNano() != 0 || d.compareTo(Duration.ofSeconds(1)) < 0 || d.compareTo(ScheduleLimits.MAX_EVERY) > 0) {
            throw ServiceException.invalid("every must be whole seconds between PT1S and " + ScheduleLimits.MAX_EVERY);
        }
        return d;
    }

    /** A cron expression matched against wall-clock times in {@code zone}. */
    record CronRecurrence(String expression, ZoneId zone, ExecutionTime execution) implements Recurrence {
        private static final Map<String, String> MACROS = Map.of(
                "@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *", "@monthly", "0 0 1 * *",
                "@weekly", "0 0 * * 0", "@daily", "0 0 * * *", "@midnight", "0 0 * * *", "@hourly", "0 * * * *");
        private static final CronParser FIVE_FIELDS = new CronParser(definition(false));
        private static final CronParser SIX_FIELDS = new CronParser(definition(true));

        /** Standard 5-field cron (minute hour day-of-month month day-of-week), or 6 with seconds first. */
        private static CronDefinition definition(boolean seconds) {
            var builder = CronDefinitionBuilder.defineCron();
            if (seconds) {
                builder.withSeconds().withStrictRange().and();
            }
            return builder.withMinutes().withStrictRange().and()
                    .withHours().withStrictRange().and()
                    .withDayOfMonth().withStrictRange().and()
                    .withMonth().withStrictRange().and()
                    .withDayOfWeek().withValidRange(0, 7).withMondayDoWValue(1).withIntMapping(7, 0).withStrictRange().and()
                    .matchDayOfWeekAndDayOfMonth()
                    .instance();
        }

        static CronRecurrence parse(String expression, ZoneId zone) {
            String text = expression.strip();
            String expanded = MACROS.getOrDefault(text.toLowerCase(Locale.ROOT), text);
            int fields = expanded.isEmpty() ? 0 : expanded.split("\\s+").length;
            if (fields != 5 && fields != 6) {
                throw ServiceException.invalid("cron: '" + expression + "' has " + fields + " fields; expected 5 (minute hour"
                        + " day-of-month month day-of-week), 6 (seconds first) or a macro (@hourly, @daily, @weekly, @monthly, @yearly)");
            }
            Cron cron;
            try {
                cron = (fields == 5 ? FIVE_FIELDS : SIX_FIELDS).parse(expanded).validate();
            } catch (IllegalArgumentException e) {
                throw ServiceException.invalid("cron: '" + expression + "' is not a valid expression: " + e.getMessage());
            }
            return new CronRecurrence(text, zone, ExecutionTime.forCron(cron));
        }

        @Override
        public Instant next(Instant after) {
            LocalDateTime wall = LocalDateTime.ofInstant(after, zone);
            for (int i = 0; i < MAX_STEPS; i++) {
                Optional<ZonedDateTime> candidate = execution.nextExecution(wall.atZone(ZoneOffset.UTC));
                if (candidate.isEmpty()) {
                    return null;
                }
                wall = candidate.get().toLocalDateTime();
                Instant at = resolve(wall, zone);
                if (at.isAfter(after)) {
                    return at;
                }
            }
            return null;
        }

        @Override
        public Instant previous(Instant before) {
            LocalDateTime wall = LocalDateTime.ofInstant(before, zone);
            ZoneOffsetTransition overlap = zone.getRules().getTransition(wall);
            if (overlap != null && overlap.isOverlap()) {
                wall = overlap.getDateTimeBefore(); // the first pass's later wall times are before `before` too
            }
            for (int i = 0; i < MAX_STEPS; i++) {
                Optional<ZonedDateTime> candidate = execution.lastExecution(wall.atZone(ZoneOffset.UTC));
                if (candidate.isEmpty()) {
                    return null;
                }
                wall = candidate.get().toLocalDateTime();
                Instant at = resolve(wall, zone);
                if (at.isBefore(before)) {
                    return at;
                }
            }
            return null;
        }

        /** The instant a matching wall-clock time fires at: the rule for daylight-saving changes (see the type). */
        static Instant resolve(LocalDateTime wall, ZoneId zone) {
            ZoneOffsetTransition transition = zone.getRules().getTransition(wall);
            if (transition != null && transition.isGap()) {
                return transition.getInstant();
            }
            return wall.atZone(zone).toInstant(); // at an overlap, atZone keeps the earlier offset: the first occurrence
        }
    }

    /** Every {@code every} from {@code anchor}: anchor + every, anchor + 2 × every, … */
    record EveryRecurrence(Duration every, Instant anchor) implements Recurrence {
        @Override
        public Instant next(Instant after) {
            long step = every.toMillis();
            long since = after.toEpochMilli() - anchor.toEpochMilli();
            long k = since < 0 ? 1 : Math.floorDiv(since, step) + 1;
            return anchor.plusMillis(Math.max(1, k) * step);
        }

        @Override
        public Instant previous(Instant before) {
            long step = every.toMillis();
            long since = before.toEpochMilli() - anchor.toEpochMilli();
            long k = Math.floorDiv(since - 1, step);
            return k < 1 ? null : anchor.plusMillis(k * step);
        }
    }
}
