package dev.taskledger.server.outbox;

import dev.taskledger.server.Backend;

/** The relay over the MongoDB store (in-process mongo-java-server). */
class MongoOutboxRelayTest extends OutboxRelayContract {
    @Override
    protected Backend newBackend() {
        return Backend.mongo();
    }
}
