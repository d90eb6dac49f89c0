package dev.taskledger.server;

/** {@link HttpErrorsContract} against a fresh SQLite file. */
class SqliteHttpErrorsTest extends HttpErrorsContract {
    @Override
    protected Backend newBackend() {
        return Backend.sqlite();
    }
}
