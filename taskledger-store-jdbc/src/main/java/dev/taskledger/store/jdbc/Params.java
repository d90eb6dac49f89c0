package dev.taskledger.store.jdbc;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Typed values for the {@code :name} parameters of one statement. The type tells the {@link Dialect}
 * how to bind the value (a timestamp is a {@code timestamptz} on PostgreSQL and text on SQLite; free text
 * may need escaping where the database cannot hold U+0000).
 */
final class Params {
    sealed interface Value permits Str, Text, Json, Time, Seconds, Id, Int, Lng, TextArray, Array {}

    /** An identifier-like string (tenant, type, token): bound as is. */
    record Str(String v) implements Value {}

    /** Free text that may contain U+0000 (error, state, note). */
    record Text(String v) implements Value {}

    /** JSON text. */
    record Json(String v) implements Value {}

    /** An instant with millisecond precision. */
    record Time(Instant v) implements Value {}

    /** An instant with whole-second precision (the replic ledger's TIMESTAMP columns). */
    record Seconds(Instant v) implements Value {}

    record Id(UUID v) implements Value {}

    record Int(Integer v) implements Value {}

    record Lng(Long v) implements Value {}

    /** A list of strings: a {@code text[]} on PostgreSQL, a JSON array on SQLite. */
    record TextArray(List<String> v) implements Value {}

    /**
     * One value per row of a batch, each bound as its own type would be (escaped, formatted) and sent as one text
     * array: the column arrays of {@link Dialect#supportsColumnArrays}.
     */
    record Array(List<Value> v) implements Value {}

    private final Map<String, Value> values = new HashMap<>();

    Params string(String name, String v) { values.put(name, new Str(v)); return this; }
    Params text(String name, String v) { values.put(name, new Text(v)); return this; }
    Params json(String name, String v) { values.put(name, new Json(v)); return this; }
    Params time(String name, Instant v) { values.put(name, new Time(v)); return this; }
    Params seconds(String name, Instant v) { values.put(name, new Seconds(v)); return this; }
    Params id(String name, UUID v) { values.put(name, new Id(v)); return this; }
    Params integer(String name, Integer v) { values.put(name, new Int(v)); return this; }
    Params longValue(String name, Long v) { values.put(name, new Lng(v)); return this; }
    Params textArray(String name, List<String> v) { values.put(name, new TextArray(v)); return this; }
    Params array(String name, List<Value> v) { values.put(name, new Array(v)); return this; }

    /** The value set for {@code name}, or null. */
    Value value(String name) {
        return values.get(name);
    }

    void bindTo(PreparedStatement ps, NamedSql sql, Dialect dialect) throws SQLException {
        List<String> names = sql.parameters();
        for (int i = 0; i < names.size(); i++) {
            Value value = values.get(names.get(i));
            if (value == null) {
                throw new IllegalStateException("statement '" + sql.name() + "' needs parameter :" + names.get(i));
            }
            dialect.bind(ps, i + 1, value);
        }
    }
}
