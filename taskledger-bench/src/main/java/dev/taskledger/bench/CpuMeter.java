package dev.taskledger.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU seconds used by the server process, this (client + worker) process and all postgres processes, read
 * from /proc (Linux; zeros elsewhere), so each workload can say where its CPU went; for the two JVMs also the
 * part their JIT compiler threads used.
 */
final class CpuMeter {
    private static final double TICK = 100.0; // USER_HZ on Linux

    record Sample(double server, double serverJit, double client, double clientJit, double postgres) {
        Sample minus(Sample o) {
            return new Sample(server - o.server, serverJit - o.serverJit, client - o.client, clientJit - o.clientJit,
                    postgres - o.postgres);
        }

        @Override
        public String toString() {
            return String.format("CPU s: server %.2f (JIT %.2f), client+worker %.2f (JIT %.2f), postgres %.2f",
                    server, serverJit, client, clientJit, postgres);
        }
    }

    private final long serverPid;

    CpuMeter(long serverPid) {
        this.serverPid = serverPid;
    }

    Sample sample() {
        boolean separate = serverPid >= 0;
        return new Sample(separate ? cpu(Path.of("/proc/" + serverPid + "/stat")) : 0,
                separate ? jit(Path.of("/proc/" + serverPid + "/task")) : 0,
                cpu(Path.of("/proc/self/stat")), jit(Path.of("/proc/self/task")), postgres());
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

    private static double postgres() {
        double total = 0;
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path p : procs) {
                Path stat = p.resolve("stat");
                try {
                    String s = Files.readString(stat);
                    if (s.contains("(postgres)")) {
                        total += cpu(s);
                    }
                } catch (IOException e) {
                    // the process ended meanwhile
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return total;
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
}
