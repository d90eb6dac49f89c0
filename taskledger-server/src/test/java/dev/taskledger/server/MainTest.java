package dev.taskledger.server;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code Main} as an operator meets it: a separate JVM, its exit codes and messages, its log line, SIGTERM. */
class MainTest {
    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+) .*started in (\\d+) ms");

    /** Runs Main in a new JVM with exactly {@code env}; stdout and stderr go to {@code output}. */
    private static Process launch(Map<String, String> env, Path output) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), Main.class.getName()).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        pb.environment().clear(); // none of the surrounding API_KEY, DB_HOST, ... may leak in
        pb.environment().putAll(env);
        return pb.start();
    }

    @Test
    void aNonLoopbackHostWithoutKeys_refusesToStart_withExitCode2AndAClearMessage() throws Exception {
        Path log = Files.createTempFile("taskledger-main-", ".log");
        Process p = launch(Map.of("HOST", "0.0.0.0"), log);

        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String output = Files.readString(log);
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(output).contains("refusing to start").contains("HOST=0.0.0.0").contains("TASKLEDGER_API_KEYS")
                .doesNotContain("\tat ");
    }

    @Test
    void aPortInUse_refusesToStart_withExitCode2AndOneClearLine() throws Exception {
        Path dir = Files.createTempDirectory("taskledger-main-");
        Path log = dir.resolve("out.log");
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Process p = launch(Map.of("PORT", Integer.toString(taken.getLocalPort()), "TASKLEDGER_DB_URL", dir.resolve("t.db").toString()), log);

            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String output = Files.readString(log);
            assertThat(p.exitValue()).isEqualTo(2);
            assertThat(output).contains("cannot listen on 127.0.0.1:" + taken.getLocalPort()).contains("PORT")
                    .doesNotContain("\tat ").doesNotContain("Exception").doesNotContain("ERROR");
            assertThat(output.lines().filter(l -> l.contains("cannot"))).hasSize(1);
        }
    }

    @Test
    void invalidSettings_returnExitCode2WithoutAStackTrace() {
        assertThat(Main.run(Map.of("PORT", "eighty"))).isEqualTo(2);
        assertThat(Main.run(Map.of("TASKLEDGER_AMQP_URL", "http://localhost/x"))).isEqualTo(2);
        assertThat(Main.run(Map.of("TASKLEDGER_LOG_FORMAT", "xml"))).isEqualTo(2);
        assertThat(Main.run(Map.of("TASKLEDGER_DB_URL", "jdbc:mariadb://127.0.0.1/jobs", "TASKLEDGER_DB_SCHEMA", "other")))
                .as("a database in the URL and another in the schema setting").isEqualTo(2);
    }

    @Test
    void theServer_startsServesHealth_andStopsGracefullyOnSigterm() throws Exception {
        Path dir = Files.createTempDirectory("taskledger-main-");
        Path log = dir.resolve("out.log");
        Process p = launch(Map.of("PORT", "0", "TASKLEDGER_DB_URL", dir.resolve("t.db").toString()), log);
        try {
            Matcher listening = await().atMost(Duration.ofSeconds(30)).until(() -> LISTENING.matcher(Files.readString(log)),
                    Matcher::find);
            System.err.println("MainTest: server process ready " + listening.group(2) + " ms after JVM start");

            Api api = new Api(URI.create("http://127.0.0.1:" + listening.group(1)), Map.of());
            assertThat(api.get("/health").expect(200).path("status").asText()).isEqualTo("ok");
            api.post("/api/v1/tasks", "{\"type\":\"main\"}").expect(201);

            p.destroy(); // SIGTERM: the shutdown hook stops HTTP, the rescuer, then the store
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            p.destroyForcibly();
        }
        assertThat(Files.readString(log)).contains("task-repo-service stopped")
                .doesNotContain("Exception");
        assertThat(dir.resolve("t.db")).exists();
    }
}
