package dev.taskledger.jobs;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs one step repeatedly with a fixed delay ({@link BackgroundJob#interval()}) on its own thread. The step runs
 * through its {@link BackgroundJob}, so a step that throws, an {@link Error} included, is logged and tried again
 * (a scheduled task that throws is never run again).
 */
public final class PeriodicService implements Service {
    private static final Logger LOG = LoggerFactory.getLogger(PeriodicService.class);

    private final BackgroundJob job;
    private final Runnable step;
    private ScheduledExecutorService executor;

    public PeriodicService(BackgroundJob job, Runnable step) {
        this.job = job;
        this.step = step;
    }

    public BackgroundJob job() {
        return job;
    }

    @Override
    public synchronized void start() {
        if (executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "taskledger-" + job.name());
            t.setDaemon(true);
            return t;
        });
        long ms = job.interval().toMillis();
        job.started();
        executor.scheduleWithFixedDelay(() -> job.runStep(step), ms, ms, TimeUnit.MILLISECONDS);
        LOG.info("{} started (every {} ms)", job.name(), ms);
    }

    @Override
    public synchronized void stop() {
        if (executor == null) {
            return;
        }
        job.stopped();
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor = null;
        LOG.info("{} stopped", job.name());
    }
}
