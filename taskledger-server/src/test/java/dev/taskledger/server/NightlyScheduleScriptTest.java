package dev.taskledger.server;

import dev.taskledger.server.config.Config;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the README's nightly schedule example, {@code scripts/nightly-schedule.sh}, twice against the real server: the
 * schedule exists once, unchanged by the second run (same version), and its next fire times are 02:30 Berlin time.
 * Skipped, with the reason printed, when bash, curl or jq is not installed.
 */
class NightlyScheduleScriptTest {

    @Test
    void theNightlyScheduleScript_createsThenReplacesTheSchedule() throws Exception {
        for (String tool : new String[] {"bash", "curl", "jq"}) {
            if (!onPath(tool)) {
                String reason = "nightly-schedule.sh not run: '" + tool + "' is not installed (apt-get install -y " + tool + ")";
                System.err.println("[NightlyScheduleScriptTest] " + reason);
                Assumptions.abort(reason);
            }
        }
        Backend backend = Backend.sqlite();
        Map<String, String> env = new HashMap<>(backend.env());
        env.put("PORT", "0");
        try (Application app = Application.start(Config.fromEnv(env))) {
            String first = run(app);
            assertThat(first).contains("schedule nightly-report").contains("version 1");
            String second = run(app);
            assertThat(second).contains("version 1"); // the same definition again: nothing changed
            // 02:30 in Berlin is 00:30 or 01:30 UTC (summer or winter time)
            assertThat(second.lines().filter(l -> l.matches("\\d{4}-\\d\\d-\\d\\dT0[01]:30:00Z"))).hasSize(3);
        } finally {
            backend.cleanup();
        }
    }

    private static String run(Application app) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("bash", locateScript().toString()).redirectErrorStream(true);
        pb.environment().put("TASKLEDGER_URL", "http://127.0.0.1:" + app.port());
        pb.environment().remove("TASKLEDGER_API_KEY");
        Process process = pb.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        System.out.println(output);
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    private static Path locateScript() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("scripts/nightly-schedule.sh");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("scripts/nightly-schedule.sh not found above " + Path.of("").toAbsolutePath());
    }

    private static boolean onPath(String tool) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sh", "-c", "command -v " + tool).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor() == 0;
    }
}
