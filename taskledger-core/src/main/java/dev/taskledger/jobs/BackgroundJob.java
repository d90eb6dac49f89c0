package dev.taskledger.jobs;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * One background loop of a node (the lease rescuer, the outbox relay, retention): runs the loop's steps so that
 * nothing a step throws, not even an {@link Error}, ends the loop, and records how the loop fares, for
 * {@code /metrics} and {@code /health}.
 *
 * <p>The health rule ({@link #problem()}): a job is unhealthy when its loop ended without being stopped, or when it
 * showed no sign of life, a successful step or a long step's {@link #progress()}, for longer than
 * {@code max(3 × interval, 1 minute)}, counted from its start when no step has succeeded yet.
 */
public final class BackgroundJob {
    private static final Logger LOG = LoggerFactory.getLogger(BackgroundJob.class);
    static final int STALE_INTERVALS = 3;
    static final Duration MIN_STALE = Duration.ofMinutes(1);

    private enum State { NEW, RUNNING, STOPPED, DIED }

    private final String name;
    private final Duration interval;
    private final Clock clock;
    private final Duration staleAfter;
    private final LongAdder failures = new LongAdder();
    private volatile State state = State.NEW;
    private volatile Instant lastSuccess;
    private volatile Instant lastSignOfLife;

    /**
     * @param name     the job's name in logs, metrics and health ({@code lease-rescuer}, ...)
     * @param interval how long the loop may normally take between two steps
     * @param clock    the node's clock
     */
    public BackgroundJob(String name, Duration interval, Clock clock) {
        this.name = name;
        this.interval = interval;
        this.clock = clock;
        Duration stale = interval.multipliedBy(STALE_INTERVALS);
        this.staleAfter = stale.compareTo(MIN_STALE) < 0 ? MIN_STALE : stale;
    }

    public String name() {
        return name;
    }

    public Duration interval() {
        return interval;
    }

    /** The loop starts now. */
    public void started() {
        lastSignOfLife = clock.instant();
        state = State.RUNNING;
    }

    /** The loop is being stopped on purpose (an interrupted step is not a failure of the loop). */
    public void stopped() {
        state = State.STOPPED;
    }

    /** The loop's thread ended while the job should run; {@code cause} is what ended it. */
    public void died(Throwable cause) {
        if (state != State.RUNNING) {
            return;
        }
        state = State.DIED;
        try {
            LOG.error("background job {} has stopped", name, cause);
        } catch (Throwable ignored) {
            // the state above already tells /health
        }
    }

    /** Runs one step; whatever it throws is logged and counted, never passed on. True when it succeeded. */
    public boolean runStep(Runnable step) {
        return callStep(() -> {
            step.run();
            return Boolean.TRUE;
        }, Boolean.FALSE);
    }

    /** {@link #runStep} for a step with a result; {@code onFailure} when it threw. */
    public <T> T callStep(Supplier<T> step, T onFailure) {
        T result;
        try {
            result = step.get();
        } catch (Throwable t) {
            failed(t);
            return onFailure;
        }
        Instant now = clock.instant();
        lastSuccess = now;
        lastSignOfLife = now;
        return result;
    }

    private void failed(Throwable t) {
        try {
            failures.increment();
            if (t instanceof Error) {
                LOG.error("{} step failed; the loop goes on", name, t);
            } else {
                LOG.warn("{} step failed; the loop goes on: {}", name, t.toString());
            }
        } catch (Throwable alsoFailed) {
            // recording failed too (out of memory?): the loop still goes on, and /health sees no success
        }
    }

    /** A long step is still making progress (retention between batches): it counts as a sign of life. */
    public void progress() {
        lastSignOfLife = clock.instant();
    }

    /** When a step last succeeded; null before the first. */
    public Instant lastSuccess() {
        return lastSuccess;
    }

    /** {@link #lastSuccess()} in seconds since the epoch, 0 before the first (for a Prometheus gauge). */
    public double lastSuccessEpochSeconds() {
        Instant at = lastSuccess;
        return at == null ? 0 : at.toEpochMilli() / 1000.0;
    }

    /** Steps that threw since the node started. */
    public long failures() {
        return failures.sum();
    }

    /**
     * Why the job is unhealthy now, naming it (for {@code /health}; the log has the failures), or null when it is
     * healthy or not running.
     */
    public String problem() {
        State s = state;
        if (s == State.DIED) {
            return "background job '" + name + "' has stopped; the node's log says why";
        }
        if (s != State.RUNNING) {
            return null;
        }
        Duration quiet = Duration.between(lastSignOfLife, clock.instant());
        if (quiet.compareTo(staleAfter) <= 0) {
            return null;
        }
        return "background job '" + name + "' has made no progress for " + quiet.toSeconds() + " s (allowed: "
                + staleAfter.toSeconds() + " s); " + (failures() > 0 ? "its steps fail, the node's log says why"
                : "no step has finished");
    }
}
