package dev.taskledger.server.http;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A request body copied to a temporary file as it arrives, so that the work it carries (a transaction; on SQLite the
 * database's write lock) starts only once the whole body is here and lasts as long as the work needs, not as long as a
 * slow client takes to send. The file lives until {@link #close()}, which deletes it.
 */
public final class SpooledBody implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SpooledBody.class);

    private final Path file;

    private SpooledBody(Path file) {
        this.file = file;
    }

    /**
     * Copies {@code request} to a new temporary file, refusing it past {@code maxBytes} (413): a failure to receive it
     * is the client's (400, or 408 when it stopped sending), a failure to write the file the server's. Nothing is left
     * behind when it fails.
     */
    public static SpooledBody receive(InputStream request, long maxBytes) {
        return receive(request, maxBytes, Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** {@link #receive(InputStream, long)} into {@code directory}. */
    static SpooledBody receive(InputStream request, long maxBytes, Path directory) {
        Path file;
        try {
            file = Files.createTempFile(directory, "taskledger-body-", ".tmp");
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a temporary file for a request body", e);
        }
        SpooledBody body = new SpooledBody(file);
        try {
            body.copy(request, maxBytes);
            return body;
        } catch (RuntimeException e) {
            body.close();
            throw e;
        }
    }

    private void copy(InputStream request, long maxBytes) {
        byte[] chunk = new byte[64 * 1024];
        long total = 0;
        try (OutputStream out = Files.newOutputStream(file)) {
            while (true) {
                int n;
                try {
                    n = request.read(chunk);
                } catch (IOException e) {
                    throw Bodies.readFailure(e);
                }
                if (n < 0) {
                    return;
                }
                total += n;
                if (total > maxBytes) {
                    throw HttpProblem.tooLarge(maxBytes);
                }
                out.write(chunk, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the temporary file of a request body " + file, e);
        }
    }

    /** The body from its first byte; the caller closes the stream. */
    public InputStream open() {
        try {
            return new BufferedInputStream(Files.newInputStream(file));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the temporary file of a request body " + file, e);
        }
    }

    /** The temporary file (while open). */
    Path file() {
        return file;
    }

    /** Deletes the temporary file; a failure to delete it is logged, not thrown. */
    @Override
    public void close() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("could not delete the temporary file of a request body {}: {}", file, e.getMessage());
        }
    }
}
