package dev.taskledger.store.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The named statements of one resource file {@code /sql/<dialect>/<file>.sql}. A block starts with a line
 * {@code -- name: <method>} and runs to the next such line; the name equals the Java method that uses it.
 */
final class SqlFile {
    private final String resource;
    private final Map<String, NamedSql> statements;

    private SqlFile(String resource, Map<String, NamedSql> statements) {
        this.resource = resource;
        this.statements = Map.copyOf(statements);
    }

    static SqlFile load(String dialect, String file) {
        String resource = "/sql/" + dialect + "/" + file + ".sql";
        try (InputStream in = SqlFile.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing SQL resource " + resource);
            }
            return parse(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }

    static SqlFile parse(String resource, String text) {
        Map<String, NamedSql> statements = new HashMap<>();
        String current = null;
        StringBuilder body = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("-- name:")) {
                add(statements, current, body);
                current = trimmed.substring("-- name:".length()).strip();
                body.setLength(0);
            } else if (current != null && !trimmed.startsWith("--")) {
                body.append(line).append('\n');
            }
        }
        add(statements, current, body);
        return new SqlFile(resource, statements);
    }

    private static void add(Map<String, NamedSql> statements, String name, StringBuilder body) {
        if (name != null) {
            String sql = body.toString().strip();
            if (sql.endsWith(";")) {
                sql = sql.substring(0, sql.length() - 1);
            }
            statements.put(name, NamedSql.parse(name, sql));
        }
    }

    NamedSql get(String name) {
        NamedSql sql = statements.get(name);
        if (sql == null) {
            throw new IllegalStateException(resource + " has no statement '" + name + "'");
        }
        return sql;
    }

    boolean has(String name) {
        return statements.containsKey(name);
    }
}
