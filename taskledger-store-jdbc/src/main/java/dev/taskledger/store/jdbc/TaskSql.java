package dev.taskledger.store.jdbc;

import static dev.taskledger.store.jdbc.Sql.always;
import static dev.taskledger.store.jdbc.Sql.unless;
import static dev.taskledger.store.jdbc.Sql.when;

/** The statements of {@code tasks.sql}. */
enum TaskSql implements Sql {
    /** The tasks, their events and the ready notification in one statement. */
    INSERT_TASKS(when("insertTasks", Dialect::supportsColumnArrays)),
    /** In its place: one insert per task in a JDBC batch, and a read of which ids exist. */
    INSERT_EACH(unless("insertEach", Dialect::supportsColumnArrays)),
    EXISTING_IDS(unless("existingIds", Dialect::supportsColumnArrays)),
    FIND_BY_INPUT_HASH(always("findByInputHash")),
    GET(always("get")),
    GET_ALL(always("getAll")),
    UPDATE(always("update")),
    /** Many tasks in one statement; without column arrays one {@link #UPDATE} each. */
    UPDATE_ALL(when("updateAll", Dialect::supportsColumnArrays)),
    DELETE(always("delete")),
    /** A listing by id (creation order), oldest or newest first. */
    LIST_BY_ID(always("listById")),
    LIST_BY_ID_DESC(always("listByIdDesc")),
    /** Pending tasks in claim order, or in its exact reverse. */
    LIST_PENDING(always("listPending")),
    LIST_PENDING_REVERSED(always("listPendingReversed")),
    /** UPDATE ... RETURNING the claimed tasks, for a list of types, one type, or any type. */
    CLAIM(when("claim", Dialect::supportsReturning)),
    CLAIM_ONE_TYPE(when("claimOneType", Dialect::supportsReturning)),
    CLAIM_ANY_TYPE(when("claimAnyType", Dialect::supportsReturning)),
    /** In their place: lock the ids to claim, update them with {@link #CLAIM_UPDATE}, read them back. */
    CLAIM_SELECT(unless("claimSelect", Dialect::supportsReturning)),
    CLAIM_SELECT_ONE_TYPE(unless("claimSelectOneType", Dialect::supportsReturning)),
    CLAIM_SELECT_ANY_TYPE(unless("claimSelectAnyType", Dialect::supportsReturning)),
    CLAIM_UPDATE(unless("claimUpdate", Dialect::supportsReturning)),
    /** The tenants with pending work of some types (or any type), for a shared worker's fair claim. */
    PENDING_TENANTS(always("pendingTenants")),
    PENDING_TENANTS_ANY_TYPE(always("pendingTenantsAnyType")),
    FIND_EXPIRED_LEASES(always("findExpiredLeases")),
    FIND_TIMED_OUT(always("findTimedOut")),
    FIND_FINISHED_BEFORE(always("findFinishedBefore")),
    /** DELETE ... RETURNING; in its place {@link #LOCK_STILL_FINISHED}, then {@link #DELETE_LOCKED}. */
    DELETE_FINISHED(when("deleteFinished", Dialect::supportsReturning)),
    LOCK_STILL_FINISHED(unless("lockStillFinished", Dialect::supportsReturning)),
    DELETE_LOCKED(unless("deleteLocked", Dialect::supportsReturning)),
    STATS(always("stats")),
    OLDEST_READY(always("oldestReady")),
    FINISHED_PER_MINUTE(always("finishedPerMinute")),
    WORKERS(always("workers")),
    NOTIFY_READY(when("notifyReady", Dialect::supportsListenNotify)),
    READ_CLOCK(when("readClock", Dialect::supportsReadClock));

    private final Statement statement;

    TaskSql(Statement statement) {
        this.statement = statement;
    }

    @Override
    public Statement statement() {
        return statement;
    }
}
