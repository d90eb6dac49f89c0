package dev.taskledger.client;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * A test class whose tests share one real in-process server ({@link TestServer}): started before its first test,
 * closed after its last. Tests keep out of each other's way with their own task types ({@link TestServer#newType()}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SharedServerTest {
    TestServer server;
    /** A client of tenant {@code acme}. */
    TaskledgerClient client;

    @BeforeAll
    void startServer() {
        server = TestServer.start();
        client = server.acme();
    }

    @AfterAll
    void stopServer() {
        server.close();
    }
}
