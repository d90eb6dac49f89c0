package dev.taskledger.store.jdbc;

import dev.taskledger.jobs.ArchiveFileStore;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/** {@link ArchiveFileStore} on SQL; statements in {@code /sql/<dialect>/archive_files.sql}. */
final class JdbcArchiveFileStore implements ArchiveFileStore {
    private final Statements<ArchiveFileSql> sql;

    JdbcArchiveFileStore(Statements<ArchiveFileSql> sql) {
        this.sql = sql;
    }

    @Override
    public void add(String name, Instant at) {
        sql.update(ArchiveFileSql.ADD, new Params().string("name", name).time("created_at", at));
    }

    @Override
    public Set<String> names() {
        return new HashSet<>(sql.query(ArchiveFileSql.NAMES, new Params(), rs -> rs.getString("name")));
    }

    @Override
    public void remove(String name) {
        sql.update(ArchiveFileSql.REMOVE, new Params().string("name", name));
    }
}
