package dev.taskledger.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Cold storage for what retention deletes: each batch becomes one gzipped NDJSON file
 * {@code <kind>-<time>-<random>.ndjson.gz}. A batch's file is written (and flushed to disk) under a temporary name
 * ({@code .tmp} appended) before its rows are deleted, and renamed into place ({@link File#publish}) only once the
 * delete committed, so a file under its final name holds exactly rows that were deleted. {@link RetentionService}
 * decides what becomes of a temporary file an interrupted run left behind.
 */
public final class Archive {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final String SUFFIX = ".ndjson.gz";
    private static final String TEMPORARY = ".tmp";
    private static final String LOCK_FILE = ".lock";

    private final Path directory;

    public Archive(Path directory) {
        this.directory = directory;
    }

    public Path directory() {
        return directory;
    }

    /**
     * Takes the directory's lock (an OS file lock on {@code .lock}, released when the process dies), so that only
     * one retention run at a time writes, publishes or clears up files there, even with several processes sharing
     * the directory.
     *
     * @return the held lock, or null when another process (or another run in this one) holds it
     */
    public Lock tryLock() {
        try {
            Files.createDirectories(directory);
            FileChannel channel = FileChannel.open(directory.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                FileLock lock = channel.tryLock();
                if (lock != null) {
                    return new Lock(channel);
                }
            } catch (OverlappingFileLockException e) {
                // held by another channel of this JVM
            }
            channel.close();
            return null;
        } catch (IOException e) {
            throw failure("lock", e);
        }
    }

    /** A new file for one batch of {@code kind} ({@code tasks}, {@code events}); nothing is on disk until written. */
    public File newFile(String kind, Instant now) {
        String random = UUID.randomUUID().toString().substring(0, 8);
        return new File(kind + "-" + STAMP.format(now) + "-" + random + SUFFIX);
    }

    /** The file of this directory named {@code name} (its final name). */
    public File file(String name) {
        if (!name.endsWith(SUFFIX) || name.contains("/") || name.contains("\\")) {
            throw new IllegalArgumentException("not an archive file name: " + name);
        }
        return new File(name);
    }

    /** The files written under their temporary name and neither published nor discarded: batches of an interrupted run. */
    public List<File> unfinished() {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<File> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path p : files.toList()) {
                String name = p.getFileName().toString();
                if (name.endsWith(SUFFIX + TEMPORARY)) {
                    out.add(new File(name.substring(0, name.length() - TEMPORARY.length())));
                }
            }
        } catch (IOException e) {
            throw failure("list", e);
        }
        return out;
    }

    private UncheckedIOException failure(String what, IOException e) {
        return new UncheckedIOException("cannot " + what + " the archive in " + directory + ": " + e.getMessage(), e);
    }

    /** One batch's file: written under a temporary name, then published (renamed into place) or discarded. */
    public final class File {
        private final String name;

        private File(String name) {
            this.name = name;
        }

        /** The final name, e.g. {@code tasks-20260101T000000.000Z-1a2b3c4d.ndjson.gz}. */
        public String name() {
            return name;
        }

        /** {@code tasks} or {@code events}. */
        public String kind() {
            return name.substring(0, name.indexOf('-'));
        }

        private Path temporary() {
            return directory.resolve(name + TEMPORARY);
        }

        private Path target() {
            return directory.resolve(name);
        }

        /** Writes the lines (JSON documents) under the temporary name, replacing what was there, and flushes them to disk. */
        public void write(Collection<String> jsonLines) {
            try {
                Files.createDirectories(directory);
                try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(temporary()))) {
                    for (String line : jsonLines) {
                        out.write(line.getBytes(StandardCharsets.UTF_8));
                        out.write('\n');
                    }
                }
                try (FileChannel channel = FileChannel.open(temporary(), StandardOpenOption.WRITE)) {
                    channel.force(true);
                }
            } catch (IOException e) {
                throw failure("write", e);
            }
        }

        /** The lines written under the temporary name. */
        public List<String> lines() throws IOException {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(temporary()))) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            }
        }

        /** Whether the file is under its temporary name (written, neither published nor discarded). */
        public boolean isWritten() {
            return Files.exists(temporary());
        }

        /** Whether the file is in place under its final name. */
        public boolean isPublished() {
            return Files.exists(target());
        }

        /** Renames the written file into place, durably; does nothing when it is in place already. */
        public void publish() {
            try {
                Files.move(temporary(), target(), StandardCopyOption.ATOMIC_MOVE);
                syncDirectory();
            } catch (NoSuchFileException e) {
                if (!isPublished()) {
                    throw failure("publish " + name + " in", e);
                }
            } catch (IOException e) {
                throw failure("publish " + name + " in", e);
            }
        }

        /** Deletes the file under its temporary name, if any. */
        public void discard() {
            try {
                Files.deleteIfExists(temporary());
            } catch (IOException e) {
                throw failure("discard " + name + " in", e);
            }
        }

        /** Makes the rename durable (where the OS lets a directory be flushed). */
        private void syncDirectory() {
            try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
                dir.force(true);
            } catch (IOException | UnsupportedOperationException e) {
                // not supported on this platform: the rename is durable at the file system's next flush
            }
        }

        @Override
        public String toString() {
            return directory.resolve(name).toString();
        }
    }

    /** The held directory lock; closing it releases it. */
    public static final class Lock implements AutoCloseable {
        private final FileChannel channel;

        private Lock(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public void close() {
            try {
                channel.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
