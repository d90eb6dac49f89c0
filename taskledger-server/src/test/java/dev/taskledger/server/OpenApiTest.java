package dev.taskledger.server;

import dev.taskledger.server.config.Config;
import io.javalin.router.Endpoint;
import dev.taskledger.protocol.ProblemType;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /openapi.yaml} against the running server: the same operations, both ways. */
class OpenApiTest {
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    @Test
    void everyRouteOfTheRunningServer_isDocumented_andEveryDocumentedOperationIsServed() {
        Backend backend = Backend.sqlite();
        Map<String, String> env = new HashMap<>(backend.env());
        env.putAll(Map.of("PORT", "0", "TASKLEDGER_API_KEYS", "acme=acme-key", "TASKLEDGER_ADMIN_KEY", "root-key"));
        try (Application app = Application.start(Config.fromEnv(env))) {
            Api api = new Api(URI.create("http://127.0.0.1:" + app.port()), Map.of());
            Reply served = api.get("/openapi.yaml");
            assertThat(served.status()).isEqualTo(200);
            assertThat(served.header("Content-Type")).startsWith("application/yaml");
            Map<String, Object> document = new Yaml().load(served.body());
            assertThat(document.get("openapi")).isEqualTo("3.1.0");

            Set<String> documented = documentedOperations(document);
            Set<String> implemented = new TreeSet<>();
            for (Endpoint e : app.endpoints()) {
                implemented.add(e.method.name() + " " + e.path.replaceAll("<([^>]+)>", "{$1}"));
            }

            assertThat(documented).as("operations in openapi.yaml").containsExactlyInAnyOrderElementsOf(implemented);
            Api admin = api.withKey("root-key");
            for (String operation : documented) {
                String method = operation.substring(0, operation.indexOf(' '));
                String path = operation.substring(operation.indexOf(' ') + 1)
                        .replace("{id}", UUID.randomUUID().toString()).replace("{task_name}", "probe")
                        .replace("{action}", "retry").replace("{file}", "console.js").replace("{name}", "probe");
                HttpRequest.BodyPublisher body = method.equals("GET") || method.equals("DELETE")
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("{}");
                Reply reply = admin.send(method, path, body);
                assertThat(reply.status()).as("%s answered %s", operation, reply.body()).isNotEqualTo(405);
                assertThat(reply.status() == 404 && reply.body().contains("no endpoint")).as("%s is not routed: %s", operation, reply.body())
                        .isFalse();
            }
        } finally {
            backend.cleanup();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyProblemType_isListedInTheOpenApiDocument_andInTheApiGuide() throws Exception {
        Map<String, Object> document;
        try (var in = OpenApiTest.class.getResourceAsStream("/openapi.yaml")) {
            document = new Yaml().load(in);
        }
        Map<String, Object> schemas = (Map<String, Object>) ((Map<String, Object>) document.get("components")).get("schemas");
        List<String> documented = (List<String>) ((Map<String, Object>) schemas.get("ProblemType")).get("enum");
        List<String> all = Arrays.stream(ProblemType.values()).map(ProblemType::uri).toList();
        assertThat(documented).containsExactlyElementsOf(all);

        String guide = Files.readString(Path.of("../docs/api.md"));
        for (ProblemType t : ProblemType.values()) {
            assertThat(guide).as("docs/api.md lists %s", t.slug()).contains("| `" + t.slug() + "` | " + t.status() + " |");
        }
    }

    @SuppressWarnings("unchecked")
    private static Set<String> documentedOperations(Map<String, Object> document) {
        Set<String> out = new TreeSet<>();
        Map<String, Object> paths = (Map<String, Object>) document.get("paths");
        paths.forEach((path, item) -> ((Map<String, Object>) item).keySet().stream().filter(METHODS::contains)
                .forEach(method -> out.add(method.toUpperCase(Locale.ROOT) + " " + path)));
        return out;
    }
}
