package dev.taskledger.embedded;

import dev.taskledger.client.TaskledgerClient;
import dev.taskledger.server.Application;
import dev.taskledger.server.config.Config;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.time.Duration;
import java.util.Map;

/** The same client contract over HTTP against the real server on SQLite: what the embedded client is held to. */
class HttpSqliteClientTest extends ClientContract {
    private static Application server;
    private static TaskledgerClient client;

    @BeforeAll
    static void start() {
        server = Application.start(Config.fromEnv(Map.of("TASKLEDGER_DB_URL", Databases.sqlite().url(), "HOST", "127.0.0.1",
                "PORT", "0", "TASKLEDGER_LEASE_CHECK_MS", "100", "TASKLEDGER_POLL_MS", "100")));
        client = TaskledgerClient.builder().baseUrl("http://127.0.0.1:" + server.port()).requestTimeout(Duration.ofSeconds(20)).build();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Override
    TaskledgerClient client() {
        return client;
    }
}
