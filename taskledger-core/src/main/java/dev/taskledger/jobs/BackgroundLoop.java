package dev.taskledger.jobs;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One background loop of the node on its own thread ({@code taskledger-<job name>}): waits, runs a step, waits as
 * long as the step says, and so on until {@link #stop()}. Every step runs through {@link BackgroundJob#callStep},
 * so nothing a step throws ends the loop (after a failed step it waits {@link Settings#afterFailure()}).
 * {@link #wake()} ends the current wait at once. Start and stop are idempotent; a stopped loop may start again.
 * The waits go through a {@link LoopClock}, so a test moves time by hand instead of sleeping.
 */
public final class BackgroundLoop implements Service {
    private static final Logger LOG = LoggerFactory.getLogger(BackgroundLoop.class);
    private static final Duration PERIODIC_STOP_WAIT = Duration.ofSeconds(10);

    /**
     * @param firstWait    the wait before the first step
     * @param afterFailure the wait after a step that threw
     * @param stopGrace    how long {@link #stop()} lets a running step finish before it interrupts it
     * @param stopWait     how long {@link #stop()} then waits for the interrupted step
     */
    public record Settings(Duration firstWait, Duration afterFailure, Duration stopGrace, Duration stopWait) {
        /** Every {@code interval}, the first step after one interval, a step in progress interrupted at stop. */
        public static Settings periodic(Duration interval) {
            return new Settings(interval, interval, Duration.ZERO, PERIODIC_STOP_WAIT);
        }
    }

    private final BackgroundJob job;
    private final LoopClock clock;
    private final Settings settings;
    private final LoopStep step;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private Run current;

    /** One start of the loop: a restart after a stop that timed out never revives the old thread. */
    private static final class Run {
        boolean running = true;
        boolean wakeRequested;
        Thread thread;
    }

    public BackgroundLoop(BackgroundJob job, LoopClock clock, Settings settings, LoopStep step) {
        this.job = job;
        this.clock = clock;
        this.settings = settings;
        this.step = step;
    }

    /** Runs {@code step} every {@link BackgroundJob#interval()} (counted from the end of the previous one). */
    public static BackgroundLoop periodic(BackgroundJob job, LoopClock clock, Runnable step) {
        return new BackgroundLoop(job, clock, Settings.periodic(job.interval()), () -> {
            step.run();
            return job.interval();
        });
    }

    /** {@link #periodic(BackgroundJob, LoopClock, Runnable)} on the machine's clock. */
    public static BackgroundLoop periodic(BackgroundJob job, Runnable step) {
        return periodic(job, LoopClock.SYSTEM, step);
    }

    public BackgroundJob job() {
        return job;
    }

    @Override
    public void start() {
        lock.lock();
        try {
            if (current != null) {
                return;
            }
            Run run = new Run();
            current = run;
            job.started();
            run.thread = Thread.ofPlatform().name("taskledger-" + job.name()).daemon().start(() -> loop(run));
        } finally {
            lock.unlock();
        }
        LOG.info("{} started", job.name());
    }

    /** Ends the current wait at once, so the next step starts now (or right after the running one); never blocks long. */
    public void wake() {
        lock.lock();
        try {
            if (current != null) {
                current.wakeRequested = true;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Stops the loop: a running step gets {@link Settings#stopGrace()}, then an interrupt and {@link Settings#stopWait()}. */
    @Override
    public void stop() {
        Run run;
        lock.lock();
        try {
            run = current;
            if (run == null) {
                return;
            }
            current = null;
            run.running = false;
            job.stopped();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        step.stopping();
        try {
            if (!run.thread.join(settings.stopGrace())) { // join(Duration.ZERO) does not wait, unlike join(0)
                run.thread.interrupt();
                run.thread.join(settings.stopWait());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("{} stopped", job.name());
    }

    private void loop(Run run) {
        try {
            Duration wait = settings.firstWait();
            while (pause(run, wait)) {
                wait = job.callStep(step::run, settings.afterFailure());
            }
        } catch (Throwable t) {
            job.died(t); // callStep passes nothing on, so only a failing pause gets here; /health reports it
            throw t;
        } finally {
            step.ended();
        }
    }

    /** Waits {@code wait} or until woken; false when the loop is to end. */
    private boolean pause(Run run, Duration wait) {
        lock.lock();
        try {
            long deadline = clock.nanoTime() + saturatedNanos(wait);
            while (run.running && !run.wakeRequested && clock.nanoTime() - deadline < 0) {
                clock.awaitUntil(lock, changed, deadline);
            }
            run.wakeRequested = false;
            return run.running;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false; // only stop() interrupts the loop's thread
        } finally {
            lock.unlock();
        }
    }

    private static long saturatedNanos(Duration d) {
        return d.compareTo(Duration.ofDays(365)) > 0 ? TimeUnit.DAYS.toNanos(365) : Math.max(0, d.toNanos());
    }
}
