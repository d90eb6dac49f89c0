package dev.taskledger.server.outbox;

import dev.taskledger.server.Backend;

class PostgresOutboxRelayTest extends OutboxRelayContract {
    @Override
    protected Backend newBackend() {
        return Backend.postgres();
    }
}
