package dev.taskledger.server.outbox;

import dev.taskledger.server.Backend;

class MariadbOutboxRelayTest extends OutboxRelayContract {
    @Override
    protected Backend newBackend() {
        return Backend.mariadb();
    }
}
