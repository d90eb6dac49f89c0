package dev.taskledger.store.jdbc;

import static dev.taskledger.store.jdbc.Sql.always;
import static dev.taskledger.store.jdbc.Sql.when;

/** The statements of {@code ledger.sql}. */
enum LedgerSql implements Sql {
    /** Where the tenant is a key into a table of tenants: make sure the tenant's row exists. */
    ENSURE_TENANT(when("ensureTenant", Dialect::hasLedgerTenantTable)),
    /** The upsert of one record, returning the row. */
    RECORD(when("record", Dialect::supportsReturning)),
    /** The same upsert without RETURNING: {@code record} without RETURNING, {@code recordAll} without column arrays. */
    RECORD_EACH(when("recordEach", d -> !d.supportsReturning() || !d.supportsColumnArrays())),
    /** Many records in one statement each. */
    RECORD_MANY(when("recordMany", Dialect::supportsColumnArrays)),
    RECORD_ALL(when("recordAll", Dialect::supportsColumnArrays)),
    RECORD_ALL_NEW(when("recordAllNew", Dialect::supportsColumnArrays)),
    GET(always("get")),
    GET_FOR_UPDATE(always("getForUpdate")),
    DELETE(always("delete")),
    LIST(always("list")),
    LIST_ALL(always("listAll")),
    SUMMARY(always("summary")),
    FIND_ITEMS(always("findItems")),
    /** A reconcile's items without an ok entry, from one array of items (the others filter findItems' rows). */
    UNRECONCILED(when("unreconciled", Dialect::supportsColumnArrays));

    private final Statement statement;

    LedgerSql(Statement statement) {
        this.statement = statement;
    }

    @Override
    public Statement statement() {
        return statement;
    }
}
