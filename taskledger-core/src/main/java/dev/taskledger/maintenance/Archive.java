package dev.taskledger.maintenance;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Cold storage for what retention deletes: each batch becomes one gzipped NDJSON file, written to a
 * temporary name, flushed to disk and then renamed, so a file that exists is complete. Deletion happens
 * only after the file is in place.
 */
public final class Archive {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final Path directory;

    public Archive(Path directory) {
        this.directory = directory;
    }

    /** Writes the lines (JSON documents) as {@code <kind>-<time>-<n>.ndjson.gz}; returns the file. */
    public Path write(String kind, Instant now, List<String> jsonLines) {
        try {
            Files.createDirectories(directory);
            String name = kind + "-" + STAMP.format(now) + "-" + System.nanoTime() + ".ndjson.gz";
            Path target = directory.resolve(name);
            Path temp = directory.resolve(name + ".tmp");
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(temp))) {
                for (String line : jsonLines) {
                    out.write(line.getBytes(StandardCharsets.UTF_8));
                    out.write('\n');
                }
            }
            try (var channel = java.nio.channels.FileChannel.open(temp, java.nio.file.StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the archive in " + directory + ": " + e.getMessage(), e);
        }
    }
}
