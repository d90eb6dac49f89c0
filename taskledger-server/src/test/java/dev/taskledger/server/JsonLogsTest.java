package dev.taskledger.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** TASKLEDGER_LOG_FORMAT=json: every line Main writes is one JSON object (logback's JsonEncoder). */
class JsonLogsTest {

    @Test
    void jsonLogFormat_writesOneJsonObjectPerLine() throws Exception {
        Path dir = Files.createTempDirectory("taskledger-json-logs-");
        Path log = dir.resolve("out.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // the production logback.xml, not the test classpath's logback-test.xml
        ProcessBuilder pb = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-Dlogback.configurationFile=logback.xml", "-cp", System.getProperty("java.class.path"),
                Main.class.getName()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().clear();
        pb.environment().putAll(Map.of("PORT", "0", "TASKLEDGER_DB_URL", dir.resolve("t.db").toString(), "TASKLEDGER_LOG_FORMAT", "json",
                "TASKLEDGER_LOG_LEVEL", "INFO"));
        Process p = pb.start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(log).contains("listening on"));
            p.destroy();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            p.destroyForcibly();
        }
        List<String> lines = Files.readAllLines(log).stream().filter(l -> !l.isBlank()).toList();
        assertThat(lines).isNotEmpty();
        for (String line : lines) {
            JsonNode event = parse(line);
            assertThat(event.path("level").asText()).as(line).isNotEmpty();
            assertThat(event.path("loggerName").asText()).as(line).startsWith("dev.taskledger");
            assertThat(event.path("timestamp").asLong()).as(line).isPositive();
        }
        assertThat(lines).anySatisfy(l -> assertThat(parse(l).path("formattedMessage").asText()).contains("listening on http://127.0.0.1:"));
        assertThat(lines).anySatisfy(l -> assertThat(parse(l).path("formattedMessage").asText()).contains("stopped"));
    }

    private static JsonNode parse(String line) {
        try {
            return Reply.tree(line);
        } catch (java.io.UncheckedIOException e) {
            throw new AssertionError("not a JSON line: " + line, e);
        }
    }
}
