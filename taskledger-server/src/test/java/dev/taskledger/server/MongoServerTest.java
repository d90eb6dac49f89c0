package dev.taskledger.server;

import dev.taskledger.testkit.InProcessMongo;
import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.taskledger.server.config.Config;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The server on MongoDB (the in-process mongo-java-server): selected by TASKLEDGER_DB_URL or by seed 001's variables. */
class MongoServerTest {

    @Test
    void aMongodbDbUrl_servesTheQueueAndTheLedger() {
        Backend backend = Backend.mongo();
        Map<String, String> env = new HashMap<>(backend.env());
        env.put("PORT", "0");
        try (Application app = Application.start(Config.fromEnv(env))) {
            Api api = new Api(URI.create("http://127.0.0.1:" + app.port()), Map.of());
            assertThat(app.store().capabilities().name()).isEqualTo("mongodb");
            assertThat(api.get("/health").expect(200).path("database").asText()).isEqualTo("ok");

            JsonNode task = api.post("/api/v1/tasks", "{\"type\":\"mongo\",\"payload\":{\"x\":1}}").expect(201);
            JsonNode claimed = api.post("/api/v1/tasks/claim", "{\"types\":[\"mongo\"],\"worker\":\"w\"}").expect(200).path("tasks").get(0);
            String path = "/api/v1/tasks/" + task.path("id").asText();
            api.post(path + "/complete", "{\"result\":{\"ok\":true},\"lease_token\":\"" + claimed.path("lease_token").asText() + "\"}")
                    .expect(200);
            assertThat(api.get(path).expect(200).path("status").asText()).isEqualTo("completed");
            assertThat(api.get(path + "/events").expect(200).path("events").size()).isEqualTo(3);
            assertThat(api.get(path + "/result").expect(200).path("result").path("ok").asBoolean()).isTrue();
            api.post("/api/v1/ledger", "{\"task_name\":\"migrate\",\"task_item\":\"a/b:1\",\"status\":\"ok\"}").expect(201);
            assertThat(api.get("/api/v1/ledger/entry?task_name=migrate&task_item=a%2Fb%3A1").expect(200).path("retries").asInt()).isZero();
            assertThat(api.get("/metrics").body()).contains("taskledger_tasks{status=\"completed\",tenant=\"default\",type=\"mongo\"} 1.0");
        } finally {
            backend.cleanup();
        }
    }

    @Test
    void seed001sMongodbVariables_selectTheDatabaseAndTheTasksCollection() {
        String database = "tl_seed001_" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> env = Map.of("PORT", "0", "MONGODB_URI", InProcessMongo.uri(), "MONGODB_DATABASE", database,
                "MONGODB_TASKS_COLLECTION", "jobs");
        try (Application app = Application.start(Config.fromEnv(env))) {
            Api api = new Api(URI.create("http://127.0.0.1:" + app.port()), Map.of());
            String id = api.post("/api/v1/tasks", "{\"task_type\":\"seed001\",\"request\":{\"q\":1}}").expect(201).path("task_id").asText();

            try (MongoClient client = MongoClients.create(InProcessMongo.uri())) {
                assertThat(client.getDatabase(database).getCollection("jobs").countDocuments()).isEqualTo(1);
                assertThat(client.getDatabase(database).getCollection("jobs").find().first().get("_id")).isEqualTo(id);
            }
        } finally {
            InProcessMongo.dropDatabase(database);
        }
    }
}
