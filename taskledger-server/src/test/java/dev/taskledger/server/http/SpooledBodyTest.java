package dev.taskledger.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskledger.protocol.ProblemType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Counts the spooled bodies in java.io.tmpdir, which every streamed create of this JVM uses too: alone ({@code @Isolated}),
 * as the server's test classes run concurrently.
 */
@Isolated("counts taskledger-body-* files in java.io.tmpdir, which concurrent stream tests create and delete")
class SpooledBodyTest {

    @Test
    void aBodyIsReadBackWholeAndItsFileIsDeletedOnClose() throws IOException {
        byte[] sent = "{\"type\":\"a\"}\n".repeat(10_000).getBytes(StandardCharsets.UTF_8);
        Path file;
        try (SpooledBody body = SpooledBody.receive(new ByteArrayInputStream(sent), sent.length)) {
            file = body.file();
            assertThat(file).exists();
            try (InputStream in = body.open()) {
                assertThat(in.readAllBytes()).isEqualTo(sent);
            }
        }
        assertThat(file).doesNotExist();
    }

    @Test
    void aBodyPastTheLimitIsRefusedWith413AndLeavesNoFile() throws IOException {
        long before = spooledFiles();
        assertThatThrownBy(() -> SpooledBody.receive(new ByteArrayInputStream(new byte[1025]), 1024))
                .isInstanceOfSatisfying(HttpProblem.class, p -> assertThat(p.type()).isEqualTo(ProblemType.PAYLOAD_TOO_LARGE));
        assertThat(spooledFiles()).isEqualTo(before);
    }

    @Test
    void aClientThatBreaksOffIsTheClientsFailureAndLeavesNoFile() throws IOException {
        long before = spooledFiles();
        InputStream broken = new InputStream() {
            private int sent;

            @Override
            public int read() throws IOException {
                if (sent++ < 100) {
                    return 'x';
                }
                throw new IOException("connection reset");
            }
        };
        assertThatThrownBy(() -> SpooledBody.receive(broken, 1024)).isInstanceOf(HttpProblem.class);
        assertThat(spooledFiles()).isEqualTo(before);
    }

    private static long spooledFiles() throws IOException {
        try (var files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(p -> p.getFileName().toString().startsWith("taskledger-body-")).count();
        }
    }
}
