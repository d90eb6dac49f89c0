package dev.taskledger.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * CPU seconds used by the server process, this (client + worker) process and the database's processes, read
 * from /proc (Linux; zeros elsewhere), so each workload can say where its CPU went; for the two JVMs also the
 * part their JIT compiler threads used. The database is every {@code postgres} process (the postmaster and all
 * backends, including other clients' on a shared server) for PostgreSQL, the {@code mariadbd} (or {@code mysqld})
 * process for MariaDB/MySQL, and nothing for SQLite, which runs inside the server.
 */
final class CpuMeter {
    private static final double TICK = 100.0; // USER_HZ on Linux

    /**
     * CPU seconds since each process started; {@link #minus} turns two samples into a workload's share.
     *
     * @param databaseByPid each live database process's CPU seconds; a difference counts only the processes alive at
     *                      the later sample (one that ended in between, such as a loader's connection, would otherwise
     *                      take its whole life's CPU off the workload's and make the difference negative)
     */
    record Sample(double server, double serverJit, double client, double clientJit, double database,
                  Map<Long, Double> databaseByPid) {
        Sample minus(Sample o) {
            double db = 0;
            for (Map.Entry<Long, Double> p : databaseByPid.entrySet()) {
                db += p.getValue() - o.databaseByPid.getOrDefault(p.getKey(), 0.0);
            }
            return new Sample(server - o.server, serverJit - o.serverJit, client - o.client, clientJit - o.clientJit,
                    db, Map.of());
        }

        double total() {
            return server + client + database;
        }

        @Override
        public String toString() {
            return String.format("CPU s: server %.2f (JIT %.2f), client+worker %.2f (JIT %.2f), database %.2f",
                    server, serverJit, client, clientJit, database);
        }
    }

    private final long serverPid;
    private final Set<String> databaseCommands;

    /**
     * @param serverPid the server process, or -1 when it runs in this JVM (its CPU is then the client's)
     * @param backend   {@code postgresql}, {@code mariadb} or {@code sqlite}
     */
    CpuMeter(long serverPid, String backend) {
        this.serverPid = serverPid;
        this.databaseCommands = switch (backend) {
            case "postgresql" -> Set.of("postgres");
            case "mariadb" -> Set.of("mariadbd", "mysqld");
            default -> Set.of();
        };
    }

    Sample sample() {
        boolean separate = serverPid >= 0;
        Map<Long, Double> database = database();
        return new Sample(separate ? cpu(Path.of("/proc/" + serverPid + "/stat")) : 0,
                separate ? jit(Path.of("/proc/" + serverPid + "/task")) : 0,
                cpu(Path.of("/proc/self/stat")), jit(Path.of("/proc/self/task")),
                database.values().stream().mapToDouble(Double::doubleValue).sum(), database);
    }

    /** CPU of the process's JIT compiler threads ({@code C1 CompilerThre}, {@code C2 CompilerThre}). */
    private static double jit(Path tasks) {
        double total = 0;
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(tasks)) {
            for (Path t : threads) {
                try {
                    String s = Files.readString(t.resolve("stat"));
                    if (s.contains("(C1 Compiler") || s.contains("(C2 Compiler")) {
                        total += cpu(s);
                    }
                } catch (IOException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return total;
    }

    /**
     * The database's live processes by pid: a backend that ended between two samples takes its CPU with it
     * (the server's pooled connections live as long as the server, so this misses little).
     */
    private Map<Long, Double> database() {
        Map<Long, Double> byPid = new HashMap<>();
        if (databaseCommands.isEmpty()) {
            return byPid;
        }
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path p : procs) {
                try {
                    String s = Files.readString(p.resolve("stat"));
                    String command = s.substring(s.indexOf('(') + 1, s.lastIndexOf(')'));
                    if (databaseCommands.contains(command)) {
                        byPid.put(Long.parseLong(p.getFileName().toString()), cpu(s));
                    }
                } catch (IOException | StringIndexOutOfBoundsException e) {
                    // the process ended meanwhile
                }
            }
        } catch (IOException e) {
            return Map.of();
        }
        return byPid;
    }

    private static double cpu(Path stat) {
        try {
            return cpu(Files.readString(stat));
        } catch (IOException e) {
            return 0;
        }
    }

    /** utime + stime, fields 14 and 15, counted after the ')' that ends the command name. */
    private static double cpu(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICK;
    }

    /** The process's peak resident set ({@code VmHWM}) in bytes, or -1 when unknown. */
    static long peakRss(long pid) {
        return statusField(pid, "VmHWM:");
    }

    /** The process's resident set now ({@code VmRSS}) in bytes, or -1 when unknown. */
    static long rss(long pid) {
        return statusField(pid, "VmRSS:");
    }

    private static long statusField(long pid, String field) {
        if (pid < 0) {
            return -1;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
