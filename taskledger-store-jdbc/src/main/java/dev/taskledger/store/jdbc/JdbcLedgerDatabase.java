package dev.taskledger.store.jdbc;

import dev.taskledger.ledger.spi.LedgerDatabase;
import dev.taskledger.ledger.spi.LedgerStore;

import java.util.function.Function;

/** The {@link LedgerDatabase} of a {@link JdbcStore}: its transactions on the store's pool, with the same retries. */
final class JdbcLedgerDatabase implements LedgerDatabase {
    private final JdbcStore store;
    private final SqlFile<LedgerSql> sql;

    JdbcLedgerDatabase(JdbcStore store, SqlFile<LedgerSql> sql) {
        this.store = store;
        this.sql = sql;
    }

    @Override
    public <T> T inTransaction(Function<LedgerStore, T> work) {
        return store.inRetriedTransaction(c -> work.apply(new JdbcLedgerStore(new Statements<>(c, store.dialect(), sql))));
    }

    @Override
    public boolean transactional() {
        return store.capabilities().transactional();
    }
}
