package dev.taskledger.server.outbox;

import dev.taskledger.server.Backend;

class SqliteOutboxRelayTest extends OutboxRelayContract {
    @Override
    protected Backend newBackend() {
        return Backend.sqlite();
    }
}
