package dev.taskledger.bench;

import dev.taskledger.client.TaskledgerClient;
import dev.taskledger.client.TaskledgerException;
import dev.taskledger.server.Application;
import dev.taskledger.server.config.Config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The server under test: by default a separate JVM started from the fat jar (so the benchmark's own client
 * and worker do not share its heap, JIT and GC), or the same wiring inside this JVM ({@code --in-process}).
 */
final class BenchServer implements AutoCloseable {
    private final String baseUrl;
    private final Process process;
    private final Application app;
    private final Path log;

    private BenchServer(String baseUrl, Process process, Application app, Path log) {
        this.baseUrl = baseUrl;
        this.process = process;
        this.app = app;
        this.log = log;
    }

    static BenchServer start(BenchConfig config, Map<String, String> dbEnv) {
        return start(config, dbEnv, Map.of());
    }

    /**
     * Starts a server on the trial's database with {@code workloadEnv} (a workload's own settings, such as the
     * soak's retention) and then {@code --server-env}, which wins.
     */
    static BenchServer start(BenchConfig config, Map<String, String> dbEnv, Map<String, String> workloadEnv) {
        Map<String, String> env = new HashMap<>(dbEnv);
        env.put("HOST", "127.0.0.1");
        env.putAll(workloadEnv);
        env.putAll(config.serverEnv());
        if (config.inProcess()) {
            env.put("PORT", "0");
            Application app = Application.start(Config.fromEnv(env));
            return new BenchServer("http://127.0.0.1:" + app.port(), null, app, null).awaitHealthy();
        }
        if (!Files.isRegularFile(config.serverJar())) {
            throw new IllegalStateException("no server jar at " + config.serverJar().toAbsolutePath()
                    + ": build it (mvn -B -q -pl taskledger-server -am package -DskipTests) or pass --server-jar");
        }
        int port = freePort();
        env.put("PORT", Integer.toString(port));
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED"));
        command.addAll(config.serverJvmOptions());
        command.addAll(List.of("-jar", config.serverJar().toString()));
        try {
            Path log = Files.createTempFile("taskledger-bench-server-", ".log");
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().keySet().removeIf(k -> k.startsWith("TASKLEDGER_") || k.equals("API_KEY") || k.startsWith("DB_")
                    || k.startsWith("API_PG_DB_") || k.startsWith("MONGODB_"));
            pb.environment().putAll(env);
            return new BenchServer("http://127.0.0.1:" + port, pb.start(), null, log).awaitHealthy();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String baseUrl() {
        return baseUrl;
    }

    /** The server process's id, for profiling (jcmd); -1 in process. */
    long pid() {
        return process == null ? -1 : process.pid();
    }

    private BenchServer awaitHealthy() {
        TaskledgerClient client = TaskledgerClient.builder().baseUrl(baseUrl).connectTimeout(Duration.ofSeconds(1))
                .requestTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                client.health();
                return this;
            } catch (TaskledgerException e) {
                if (process != null && !process.isAlive()) {
                    throw new IllegalStateException("the server exited with " + process.exitValue() + "; its log: " + log + "\n" + tail());
                }
                if (System.nanoTime() > deadline) {
                    close();
                    throw new IllegalStateException("the server did not become healthy within 60 s; its log: " + log);
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted");
                }
            }
        }
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (app != null) {
            app.close();
        }
        if (process != null) {
            process.destroy(); // SIGTERM: the server's shutdown hook stops it gracefully
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try {
                Files.deleteIfExists(log);
            } catch (IOException ignored) {
                // a temp file
            }
        }
    }
}
