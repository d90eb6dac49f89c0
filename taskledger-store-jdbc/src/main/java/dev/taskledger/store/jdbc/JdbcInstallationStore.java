package dev.taskledger.store.jdbc;

import dev.taskledger.store.InstallationStore;

/**
 * {@link InstallationStore} on SQL: table {@code installation_values}, statements in
 * {@code /sql/<dialect>/installation.sql}. The insert does nothing when the name is taken (a racing node's insert
 * waits for the first one's commit on the primary key), so the read that follows sees the first value stored.
 */
final class JdbcInstallationStore implements InstallationStore {
    private final Statements<InstallationSql> sql;

    JdbcInstallationStore(Statements<InstallationSql> sql) {
        this.sql = sql;
    }

    @Override
    public String getOrPut(String name, String candidate) {
        sql.update(InstallationSql.INSERT_IF_ABSENT, new Params().string("name", name).string("value", candidate));
        return sql.queryOne(InstallationSql.GET, new Params().string("name", name), rs -> rs.getString("value"))
                .orElseThrow(() -> new IllegalStateException("installation value " + name + " vanished after it was stored"));
    }
}
