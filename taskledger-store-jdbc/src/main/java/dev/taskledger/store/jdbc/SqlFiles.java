package dev.taskledger.store.jdbc;

/** The SQL files of one dialect, loaded and checked against its capabilities once per store. */
record SqlFiles(SqlFile<TaskSql> tasks, SqlFile<EventSql> events, SqlFile<ResultSql> results, SqlFile<LedgerSql> ledger,
                SqlFile<OutboxSql> outbox, SqlFile<ArchiveFileSql> archiveFiles, SqlFile<InstallationSql> installation, SqlFile<LeaseSql> leases,
                SqlFile<ScheduleSql> schedules, SqlFile<LimitSql> limits, SqlFile<DependencySql> dependencies) {
    static SqlFiles load(Dialect dialect) {
        return new SqlFiles(SqlFile.load(dialect, "tasks", TaskSql.class), SqlFile.load(dialect, "events", EventSql.class),
                SqlFile.load(dialect, "results", ResultSql.class), SqlFile.load(dialect, "ledger", LedgerSql.class),
                SqlFile.load(dialect, "outbox", OutboxSql.class), SqlFile.load(dialect, "archive_files", ArchiveFileSql.class),
                SqlFile.load(dialect, "installation", InstallationSql.class),
                SqlFile.load(dialect, "leases", LeaseSql.class), SqlFile.load(dialect, "schedules", ScheduleSql.class),
                SqlFile.load(dialect, "limits", LimitSql.class), SqlFile.load(dialect, "dependencies", DependencySql.class));
    }
}
