package dev.taskledger.server.ledger;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs {@code scripts/seed000-replay.sh} (seed 000's four curl scripts, checked with jq) against the real server.
 * Skipped, with the reason printed, when bash, curl or jq is not installed.
 */
class Seed000ReplayScriptTest {

    @Test
    void theSeedsCurlScripts_passAgainstTheRealServer() throws Exception {
        for (String tool : new String[] {"bash", "curl", "jq"}) {
            if (!onPath(tool)) {
                String reason = "seed000-replay.sh not run: '" + tool + "' is not installed (apt-get install -y " + tool + ")";
                System.err.println("[Seed000ReplayScriptTest] " + reason);
                Assumptions.abort(reason);
            }
        }
        Path script = locateScript();
        try (LedgerTestServer server = LedgerTestServer.sqlite()) {
            ProcessBuilder pb = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true);
            pb.environment().put("TASKLEDGER_URL", server.base);
            pb.environment().remove("TASKLEDGER_API_KEY");
            Process process = pb.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            System.out.println(output);
            assertThat(output).contains("PASS").doesNotContain("FAIL");
            assertThat(process.exitValue()).as(output).isZero();
        }
    }

    private static Path locateScript() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("scripts/seed000-replay.sh");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("scripts/seed000-replay.sh not found above " + Path.of("").toAbsolutePath());
    }

    private static boolean onPath(String tool) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sh", "-c", "command -v " + tool).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor() == 0;
    }
}
