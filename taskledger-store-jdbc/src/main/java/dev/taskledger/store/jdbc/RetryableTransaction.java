package dev.taskledger.store.jdbc;

import java.sql.SQLException;

/**
 * A transaction the database aborted for a reason that running it again resolves (deadlock, serialization
 * failure, lock wait timeout). {@link JdbcStore#inTransaction} runs the work again a few times.
 */
final class RetryableTransaction extends RuntimeException {
    RetryableTransaction(String operation, SQLException cause) {
        super("transaction aborted during " + operation + " and may be retried: " + cause.getMessage(), cause);
    }
}
