package dev.taskledger.bench;

import dev.taskledger.client.LedgerFilter;
import dev.taskledger.client.TaskledgerClient;
import dev.taskledger.protocol.ledger.ReconcileReportDto;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The ledger at scale (PostgreSQL): {@code --ledger-entries} entries loaded by SQL, then a full export streamed
 * through the client (rows, time, the server's resident memory while it streams and its peak), then a reconcile of
 * {@code --reconcile-items} expected items (99% of them recorded, a tenth of those failed; 1% never recorded).
 */
final class LedgerScale {
    private static final long RSS_SAMPLE_MILLIS = 100;

    /**
     * @param peakRssBeforeExport the server's VmHWM before the export (bytes; -1 in process)
     * @param maxRssDuringExport  the largest VmRSS sampled every 100 ms while the export streamed
     * @param peakRssAfterExport  VmHWM after the export
     * @param peakRssAfterReconcile VmHWM after the reconcile
     */
    record Result(int entries, long exportRows, double exportSeconds, long peakRssBeforeExport, long maxRssDuringExport,
                  long peakRssAfterExport, int reconcileItems, double reconcileSeconds, int ok, int missing, int notOk,
                  long peakRssAfterReconcile, CpuMeter.Sample exportCpu, CpuMeter.Sample reconcileCpu,
                  List<Double> summaryMillis) {}

    /** Summary calls timed once the entries are loaded (the first one included). */
    static final int SUMMARY_CALLS = 7;

    private LedgerScale() {}

    static Result run(BenchConfig config, TaskledgerClient client, long serverPid, CpuMeter meter) throws Exception {
        int entries = config.scale().ledgerEntries();
        List<Double> summaryMillis = timeSummaries(client, entries);
        long before = CpuMeter.peakRss(serverPid);
        AtomicLong maxRss = new AtomicLong(-1);
        AtomicBoolean exporting = new AtomicBoolean(true);
        Thread sampler = Thread.ofVirtual().start(() -> {
            while (exporting.get()) {
                maxRss.accumulateAndGet(CpuMeter.rss(serverPid), Math::max);
                try {
                    Thread.sleep(RSS_SAMPLE_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        CpuMeter.Sample cpu0 = meter.sample();
        long t0 = System.nanoTime();
        long rows;
        try (Stream<String> lines = client.ledger().export(LedgerFilter.taskName(HistoryLoader.LEDGER_TASK), "csv")) {
            rows = lines.count() - 1; // the header line
        } finally {
            exporting.set(false);
            sampler.join();
        }
        double exportSeconds = Workloads.seconds(t0);
        CpuMeter.Sample exportCpu = meter.sample().minus(cpu0);
        long afterExport = CpuMeter.peakRss(serverPid);
        if (rows != entries) {
            throw new IllegalStateException("the export streamed " + rows + " rows, want " + entries);
        }
        BenchMain.log("ledger export: %,d rows in %.2f s; server RSS peak %s before, max %s during, peak %s after; %s", rows,
                exportSeconds, mib(before), mib(maxRss.get()), mib(afterExport), exportCpu);

        int items = config.scale().reconcileItems();
        int missingItems = items / 100;
        List<String> expected = new ArrayList<>(items);
        for (int i = entries - (items - missingItems); i < entries + missingItems; i++) {
            expected.add(Workloads.item(i));
        }
        CpuMeter.Sample cpu1 = meter.sample();
        long t1 = System.nanoTime();
        ReconcileReportDto report = client.ledger().reconcile(HistoryLoader.LEDGER_TASK, expected);
        double reconcileSeconds = Workloads.seconds(t1);
        CpuMeter.Sample reconcileCpu = meter.sample().minus(cpu1);
        if (report.expected() != items || report.ok() + report.missing().size() + report.notOk().size() != items) {
            throw new IllegalStateException("the reconcile answered " + report.expected() + " expected, " + report.ok() + " ok, "
                    + report.missing().size() + " missing, " + report.notOk().size() + " not ok for " + items + " items");
        }
        long afterReconcile = CpuMeter.peakRss(serverPid);
        BenchMain.log("ledger reconcile: %,d items in %.2f s (%,d ok, %,d missing, %,d not ok); server RSS peak %s; %s", items,
                reconcileSeconds, report.ok(), report.missing().size(), report.notOk().size(), mib(afterReconcile), reconcileCpu);
        return new Result(entries, rows, exportSeconds, before, maxRss.get(), afterExport, items, reconcileSeconds, report.ok(),
                report.missing().size(), report.notOk().size(), afterReconcile, exportCpu, reconcileCpu, summaryMillis);
    }

    /** {@value #SUMMARY_CALLS} calls of GET /api/v1/ledger/summary, one after another; each must count every entry. */
    private static List<Double> timeSummaries(TaskledgerClient client, int entries) {
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < SUMMARY_CALLS; i++) {
            long t0 = System.nanoTime();
            long total = client.ledger().summary(null).stream()
                    .filter(s -> s.taskName().equals(HistoryLoader.LEDGER_TASK)).mapToLong(s -> s.total()).sum();
            millis.add((System.nanoTime() - t0) / 1e6);
            if (total != entries) {
                throw new IllegalStateException("the summary counted " + total + " entries, want " + entries);
            }
        }
        BenchMain.log("ledger summary: %s ms (%d calls; load average %s)", millis.stream()
                .map(m -> String.format(java.util.Locale.ROOT, "%.1f", m)).toList(), SUMMARY_CALLS, loadAverage());
        return millis;
    }

    /** The first three fields of /proc/loadavg, or "n/a". */
    static String loadAverage() {
        try {
            String[] f = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (java.io.IOException | RuntimeException e) {
            return "n/a";
        }
    }

    static String mib(long bytes) {
        return bytes < 0 ? "n/a" : String.format("%,.0f MiB", bytes / 1048576.0);
    }
}
