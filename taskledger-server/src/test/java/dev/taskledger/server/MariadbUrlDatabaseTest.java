package dev.taskledger.server;

import dev.taskledger.server.config.Config;
import dev.taskledger.testkit.ExternalDatabases;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code TASKLEDGER_DB_URL=jdbc:mariadb://host/jobs}: the database the URL names is the one used, created when
 * missing, like one named by {@code TASKLEDGER_DB_SCHEMA} (it used to fail with "Unknown database").
 */
class MariadbUrlDatabaseTest {

    @Test
    void theDatabaseInTheUrl_isCreatedIfMissing_andHoldsTheTables() throws Exception {
        String serverUrl = ExternalDatabases.mariadbUrl();
        String database = "tl_url_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Application app = Application.start(Config.fromEnv(Map.of("PORT", "0",
                "TASKLEDGER_DB_URL", Backend.mariadbUrlNaming(serverUrl, database))))) {
            Api api = new Api(URI.create("http://127.0.0.1:" + app.port()), Map.of());
            api.post("/api/v1/ledger", "{\"task_name\":\"url-db\",\"task_item\":\"i1\",\"status\":\"ok\"}").expect(201);
            api.get("/health").expect(200);
            try (Connection c = DriverManager.getConnection(serverUrl); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT task_item FROM " + database + ".inv_tasks WHERE task_name = 'url-db'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("i1");
            }
        } finally {
            try (Connection c = DriverManager.getConnection(serverUrl); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + database);
            }
        }
    }
}
