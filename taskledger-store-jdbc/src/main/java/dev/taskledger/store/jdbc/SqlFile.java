package dev.taskledger.store.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The statements of one resource file {@code /sql/<dialect>/<file>.sql}, one constant of {@code S} each. A block
 * starts with a line {@code -- name: <name>} and runs to the next such line; other comment lines are left out.
 * Loading checks the file against {@code S} and the dialect's capabilities ({@link Sql}).
 */
final class SqlFile<S extends Enum<S> & Sql> {
    private final Class<S> statements;
    private final Map<S, NamedSql> sql;

    private SqlFile(Class<S> statements, Map<S, NamedSql> sql) {
        this.statements = statements;
        this.sql = sql;
    }

    static <S extends Enum<S> & Sql> SqlFile<S> load(Dialect dialect, String file, Class<S> statements) {
        String resource = "/sql/" + dialect.name() + "/" + file + ".sql";
        try (InputStream in = SqlFile.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing SQL resource " + resource);
            }
            return parse(dialect, resource, new String(in.readAllBytes(), StandardCharsets.UTF_8), statements);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }

    /**
     * The statements of {@code text}; fails when it lacks one that {@code dialect} needs, or has one that {@code S}
     * does not name or that {@code dialect} would not run.
     */
    static <S extends Enum<S> & Sql> SqlFile<S> parse(Dialect dialect, String resource, String text, Class<S> statements) {
        Map<String, String> bodies = blocks(resource, text);
        Map<S, NamedSql> sql = new EnumMap<>(statements);
        Set<String> missing = new TreeSet<>();
        for (S s : statements.getEnumConstants()) {
            String name = s.statement().name();
            String body = bodies.remove(name);
            if (!s.statement().isIn().test(dialect)) {
                if (body != null) {
                    bodies.put(name, body); // reported below: this dialect never runs it
                }
            } else if (body == null) {
                missing.add(name);
            } else {
                sql.put(s, NamedSql.parse(name, body));
            }
        }
        if (!missing.isEmpty() || !bodies.isEmpty()) {
            throw new IllegalStateException(resource + " does not fit the capabilities of dialect " + dialect.name()
                    + ": missing " + missing + ", not run by this dialect or unknown " + new TreeSet<>(bodies.keySet()));
        }
        return new SqlFile<>(statements, sql);
    }

    /** The text of each {@code -- name:} block, without comment lines and the final semicolon. */
    private static Map<String, String> blocks(String resource, String text) {
        Map<String, String> out = new HashMap<>();
        String current = null;
        List<String> body = new ArrayList<>();
        for (String line : (text + "\n-- name:").split("\n", -1)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("-- name:")) {
                if (current != null) {
                    String sql = String.join("\n", body).strip();
                    if (out.put(current, sql.endsWith(";") ? sql.substring(0, sql.length() - 1) : sql) != null) {
                        throw new IllegalStateException(resource + " has statement " + current + " twice");
                    }
                }
                current = trimmed.substring("-- name:".length()).strip();
                body.clear();
            } else if (current != null && !trimmed.startsWith("--")) {
                body.add(line);
            }
        }
        return out;
    }

    /** The statement; present for every constant whose capability the dialect has. */
    NamedSql get(S statement) {
        NamedSql named = sql.get(statement);
        if (named == null) {
            throw new IllegalStateException("dialect has no statement " + statement.statement().name()
                    + ": callers must ask the dialect's capability first");
        }
        return named;
    }
}
