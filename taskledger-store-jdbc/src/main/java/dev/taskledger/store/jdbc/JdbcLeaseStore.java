package dev.taskledger.store.jdbc;

import dev.taskledger.jobs.spi.LeaseStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** {@link LeaseStore} on SQL, each call a transaction of its own; statements in {@code /sql/<dialect>/leases.sql}. */
final class JdbcLeaseStore implements LeaseStore {
    private final JdbcStore store;
    private final SqlFile<LeaseSql> sql;

    JdbcLeaseStore(JdbcStore store, SqlFile<LeaseSql> sql) {
        this.store = store;
        this.sql = sql;
    }

    /** Inserts the lease if nobody has it yet, then takes it over where {@code holder} holds it or its term ended. */
    @Override
    public boolean tryAcquire(String name, String holder, Clock clock, Duration ttl) {
        return store.inRetriedTransaction(c -> {
            Statements<LeaseSql> statements = new Statements<>(c, store.dialect(), sql);
            Instant now = LeaseStore.now(clock); // once the connection is held
            Params p = new Params().string("name", name).string("owner", holder).time("now", now).time("until", now.plus(ttl));
            statements.update(LeaseSql.TRY_ACQUIRE_INSERT, p);
            return statements.update(LeaseSql.TRY_ACQUIRE_UPDATE, p) > 0;
        });
    }

    @Override
    public void release(String name, String holder) {
        store.inRetriedTransaction(c -> new Statements<>(c, store.dialect(), sql)
                .update(LeaseSql.RELEASE, new Params().string("name", name).string("owner", holder)));
    }
}
