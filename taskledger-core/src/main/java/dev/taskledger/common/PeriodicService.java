package dev.taskledger.common;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Runs one step repeatedly with a fixed delay on its own thread; a failing step is logged and tried again. */
public final class PeriodicService implements Service {
    private static final Logger LOG = LoggerFactory.getLogger(PeriodicService.class);

    private final String name;
    private final Duration interval;
    private final Runnable step;
    private ScheduledExecutorService executor;

    public PeriodicService(String name, Duration interval, Runnable step) {
        this.name = name;
        this.interval = interval;
        this.step = step;
    }

    @Override
    public synchronized void start() {
        if (executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "taskledger-" + name);
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(this::runStep, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("{} started (every {} ms)", name, interval.toMillis());
    }

    private void runStep() {
        try {
            step.run();
        } catch (RuntimeException e) {
            LOG.warn("{} step failed, will try again in {} ms: {}", name, interval.toMillis(), e.toString());
        }
    }

    @Override
    public synchronized void stop() {
        if (executor == null) {
            return;
        }
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor = null;
        LOG.info("{} stopped", name);
    }
}
