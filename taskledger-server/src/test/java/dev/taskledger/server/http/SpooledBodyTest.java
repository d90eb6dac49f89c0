package dev.taskledger.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskledger.protocol.ProblemType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each test spools into a directory of its own, so the stream tests running beside it cannot change what it sees. */
class SpooledBodyTest {
    @TempDir
    Path directory;

    @Test
    void aBodyIsReadBackWholeAndItsFileIsDeletedOnClose() throws IOException {
        byte[] sent = "{\"type\":\"a\"}\n".repeat(10_000).getBytes(StandardCharsets.UTF_8);
        try (SpooledBody body = SpooledBody.receive(new ByteArrayInputStream(sent), sent.length, directory)) {
            assertThat(body.file()).exists().hasParent(directory);
            try (InputStream in = body.open()) {
                assertThat(in.readAllBytes()).isEqualTo(sent);
            }
        }
        assertThat(directory).isEmptyDirectory();
    }

    @Test
    void aBodyPastTheLimitIsRefusedWith413AndLeavesNoFile() {
        assertThatThrownBy(() -> SpooledBody.receive(new ByteArrayInputStream(new byte[1025]), 1024, directory))
                .isInstanceOfSatisfying(HttpProblem.class, p -> assertThat(p.type()).isEqualTo(ProblemType.PAYLOAD_TOO_LARGE));
        assertThat(directory).isEmptyDirectory();
    }

    @Test
    void aClientThatBreaksOffIsTheClientsFailureAndLeavesNoFile() {
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
        assertThatThrownBy(() -> SpooledBody.receive(broken, 1024, directory)).isInstanceOf(HttpProblem.class);
        assertThat(directory).isEmptyDirectory();
    }
}
