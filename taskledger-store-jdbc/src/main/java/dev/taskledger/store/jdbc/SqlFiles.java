package dev.taskledger.store.jdbc;

/** The SQL files of one dialect, loaded once per store. */
record SqlFiles(SqlFile tasks, SqlFile events, SqlFile results, SqlFile ledger, SqlFile outbox, SqlFile archiveFiles,
                SqlFile installation, SqlFile leases) {
    static SqlFiles load(String dialect) {
        return new SqlFiles(SqlFile.load(dialect, "tasks"), SqlFile.load(dialect, "events"),
                SqlFile.load(dialect, "results"), SqlFile.load(dialect, "ledger"), SqlFile.load(dialect, "outbox"),
                SqlFile.load(dialect, "archive_files"), SqlFile.load(dialect, "installation"), SqlFile.load(dialect, "leases"));
    }
}
