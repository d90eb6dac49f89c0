package dev.taskledger.embedded;

import dev.taskledger.client.TaskledgerClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client contract served in process over SQLite, and what the embedded client does not serve. */
class EmbeddedSqliteClientTest extends ClientContract {
    private static EmbeddedTaskledger node;

    @BeforeAll
    static void start() {
        node = EmbeddedTaskledger.builder().jdbc(Databases.sqlite()).settings(Databases.FAST).start();
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Override
    TaskledgerClient client() {
        return node.client();
    }

    @Test
    void whatRunsOnlyOverHttp_throwsUnsupportedOperation_namingTheCall() {
        assertThatThrownBy(() -> client().ledger()).isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("ledger()");
        assertThatThrownBy(() -> client().schedules()).isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("schedules()");
        assertThatThrownBy(() -> client().health()).isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("health()");
    }
}
