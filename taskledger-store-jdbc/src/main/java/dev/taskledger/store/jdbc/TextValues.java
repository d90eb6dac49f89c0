package dev.taskledger.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.UUID;

/**
 * Values as text, for the databases whose columns hold them so (SQLite, MySQL/MariaDB): timestamps as UTC text
 * {@code uuuu-MM-dd HH:mm:ss.SSS} (whole seconds for {@link Params.Seconds}), fixed width for the years 0000-9999
 * the services accept, so text order is time order; ids as text; lists as JSON arrays.
 */
final class TextValues {
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS");
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");
    /** Reads both forms, with any number of fraction digits. */
    private static final DateTimeFormatter READ = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .toFormatter();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TextValues() {}

    static void bind(PreparedStatement ps, int i, Params.Value value) throws SQLException {
        switch (value) {
            case Params.Int(Integer v) -> Dialect.bindInt(ps, i, v);
            case Params.Lng(Long v) -> Dialect.bindLong(ps, i, v);
            case Params.TextArray(List<String> v) -> ps.setString(i, jsonArray(v));
            case Params.Array(List<Params.Value> v) -> ps.setString(i, jsonArray(v.stream().map(TextValues::text).toList()));
            default -> ps.setString(i, text(value));
        }
    }

    /** A single value as its text (null as null). */
    private static String text(Params.Value value) {
        return switch (value) {
            case Params.Str(String v) -> v;
            case Params.Text(String v) -> v;
            case Params.Json(String v) -> v;
            case Params.Time(Instant v) -> v == null ? null : MILLIS.format(v.atOffset(ZoneOffset.UTC));
            case Params.Seconds(Instant v) -> v == null ? null : SECONDS.format(v.atOffset(ZoneOffset.UTC));
            case Params.Id(UUID v) -> v == null ? null : v.toString();
            case Params.Int(Integer v) -> v == null ? null : v.toString();
            case Params.Lng(Long v) -> v == null ? null : v.toString();
            case Params.TextArray t -> throw new IllegalArgumentException("a list is no single value");
            case Params.Array a -> throw new IllegalArgumentException("a list is no single value");
        };
    }

    private static String jsonArray(List<String> values) {
        try {
            return MAPPER.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A timestamp column read as text. */
    static Instant instant(ResultSet rs, String column) throws SQLException {
        String s = rs.getString(column);
        return s == null ? null : LocalDateTime.parse(s, READ).toInstant(ZoneOffset.UTC);
    }

    static UUID uuid(ResultSet rs, String column) throws SQLException {
        String s = rs.getString(column);
        return s == null ? null : UUID.fromString(s);
    }
}
