package dev.taskledger.embedded;

import dev.taskledger.client.TaskledgerClient;
import dev.taskledger.store.jdbc.JdbcSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The client contract served in process over PostgreSQL (a schema of its own); skipped, saying why, without one. */
class EmbeddedPostgresClientTest extends ClientContract {
    private static JdbcSettings db;
    private static EmbeddedTaskledger node;

    @BeforeAll
    static void start() {
        db = Databases.postgres();
        node = EmbeddedTaskledger.builder().jdbc(db).settings(Databases.FAST).start();
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
        Databases.dropPostgres(db);
    }

    @Override
    TaskledgerClient client() {
        return node.client();
    }
}
