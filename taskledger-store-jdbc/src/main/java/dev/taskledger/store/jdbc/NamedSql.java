package dev.taskledger.store.jdbc;

import java.util.ArrayList;
import java.util.List;

/**
 * A statement with {@code :name} parameters, rewritten once to JDBC's {@code ?} form. A name may appear
 * several times. {@code ::} (a PostgreSQL cast) and text inside quotes are left alone.
 */
final class NamedSql {
    private final String name;
    private final String jdbcSql;
    private final List<String> parameters;

    private NamedSql(String name, String jdbcSql, List<String> parameters) {
        this.name = name;
        this.jdbcSql = jdbcSql;
        this.parameters = List.copyOf(parameters);
    }

    static NamedSql parse(String name, String sql) {
        StringBuilder out = new StringBuilder(sql.length());
        List<String> params = new ArrayList<>();
        char quote = 0;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (quote != 0) {
                out.append(c);
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"' || c == '`') {
                quote = c;
                out.append(c);
            } else if (c == ':' && i + 1 < sql.length() && sql.charAt(i + 1) == ':') {
                out.append("::");
                i++;
            } else if (c == ':' && i + 1 < sql.length() && Character.isJavaIdentifierStart(sql.charAt(i + 1))) {
                int end = i + 1;
                while (end < sql.length() && Character.isJavaIdentifierPart(sql.charAt(end))) {
                    end++;
                }
                params.add(sql.substring(i + 1, end));
                out.append('?');
                i = end - 1;
            } else {
                out.append(c);
            }
        }
        return new NamedSql(name, out.toString(), params);
    }

    String name() {
        return name;
    }

    String jdbcSql() {
        return jdbcSql;
    }

    List<String> parameters() {
        return parameters;
    }
}
