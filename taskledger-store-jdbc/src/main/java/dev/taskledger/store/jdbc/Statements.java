package dev.taskledger.store.jdbc;

import dev.taskledger.store.StoreException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Runs the statements of one SQL file on the connection of one transaction; translates errors. */
final class Statements<S extends Enum<S> & Sql> {
    /** Maps the current row of a result set. */
    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** Receives rows one by one. */
    interface RowSink {
        void accept(ResultSet rs) throws SQLException;
    }

    private final Connection connection;
    private final Dialect dialect;
    private final SqlFile<S> file;

    Statements(Connection connection, Dialect dialect, SqlFile<S> file) {
        this.connection = connection;
        this.dialect = dialect;
        this.file = file;
    }

    Dialect dialect() {
        return dialect;
    }

    <T> List<T> query(S statement, Params params, RowMapper<T> mapper) {
        List<T> out = new ArrayList<>();
        stream(statement, params, 0, rs -> out.add(mapper.map(rs)));
        return out;
    }

    <T> Optional<T> queryOne(S statement, Params params, RowMapper<T> mapper) {
        List<T> rows = query(statement, params, mapper);
        return rows.isEmpty() ? Optional.empty() : Optional.ofNullable(rows.getFirst());
    }

    /** Streams rows without holding them all; {@code fetchSize} > 0 asks the driver for a server cursor. */
    void stream(S statement, Params params, int fetchSize, RowSink sink) {
        NamedSql sql = file.get(statement);
        try (PreparedStatement ps = connection.prepareStatement(sql.jdbcSql())) {
            if (fetchSize > 0) {
                ps.setFetchSize(fetchSize);
            }
            params.bindTo(ps, sql, dialect);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sink.accept(rs);
                }
            }
        } catch (SQLException e) {
            throw dialect.translate(e, statement.statement().name());
        }
    }

    int update(S statement, Params params) {
        NamedSql sql = file.get(statement);
        try (PreparedStatement ps = connection.prepareStatement(sql.jdbcSql())) {
            params.bindTo(ps, sql, dialect);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw dialect.translate(e, statement.statement().name());
        }
    }

    /**
     * Runs an update that may break a unique key, inside a savepoint: when it does, only the statement is undone
     * and the answer is false, so the transaction can go on (PostgreSQL aborts the whole transaction otherwise).
     * The savepoint is not released: it ends with the transaction, and releasing it would cost a round trip.
     */
    boolean updateUnlessDuplicate(S statement, Params params) {
        Savepoint savepoint;
        try {
            savepoint = connection.setSavepoint();
        } catch (SQLException e) {
            throw dialect.translate(e, statement.statement().name());
        }
        try {
            update(statement, params);
            return true;
        } catch (StoreException.DuplicateKey duplicate) {
            try {
                connection.rollback(savepoint);
            } catch (SQLException e) {
                throw dialect.translate(e, statement.statement().name());
            }
            return false;
        }
    }

    /** Runs a {@code COPY ... FROM STDIN} statement with {@code rows} in COPY's text format ({@link CopyRows}). */
    void copyIn(S statement, byte[] rows) {
        NamedSql sql = file.get(statement);
        try {
            dialect.copyIn(connection, sql.jdbcSql(), rows);
        } catch (SQLException e) {
            throw dialect.translate(e, statement.statement().name());
        }
    }

    /**
     * Runs the DDL that {@code statement} answers (one row, column {@code ddl}: built by the database, which quotes
     * names and values, since DDL takes no parameters); returns the rows it changed (0 for DDL proper).
     */
    int executeDdl(S statement, Params params) {
        String ddl = queryOne(statement, params, rs -> rs.getString("ddl"))
                .orElseThrow(() -> new IllegalStateException(statement.statement().name() + " answered no DDL"));
        try (java.sql.Statement st = connection.createStatement()) {
            st.execute(ddl);
            return Math.max(st.getUpdateCount(), 0);
        } catch (SQLException e) {
            throw dialect.translate(e, statement.statement().name());
        }
    }

    /** Executes the statement once per row in one JDBC batch. */
    void batch(S statement, List<Params> rows) {
        if (rows.isEmpty()) {
            return;
        }
        NamedSql sql = file.get(statement);
        try (PreparedStatement ps = connection.prepareStatement(sql.jdbcSql())) {
            for (Params row : rows) {
                row.bindTo(ps, sql, dialect);
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw dialect.translate(e, statement.statement().name());
        }
    }
}
