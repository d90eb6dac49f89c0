package dev.taskledger.server.jobs;

import dev.taskledger.jobs.Archive;
import dev.taskledger.jobs.BackgroundJob;
import dev.taskledger.jobs.BackgroundLoop;
import dev.taskledger.jobs.RetentionService;
import dev.taskledger.jobs.Service;
import dev.taskledger.jobs.spi.LeaseStore;
import dev.taskledger.server.config.RetentionConfig;
import dev.taskledger.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/**
 * Runs the task persistence design's clean-up ({@link RetentionService}) every {@code interval}. Of several service nodes on one
 * database only the holder of the {@code retention} lease runs it, so batches are not archived twice; the lease
 * outlives two intervals, so another node takes over when the holder is gone.
 */
public final class RetentionJob implements Service {
    static final String LEASE = "retention";
    private static final Logger LOG = LoggerFactory.getLogger(RetentionJob.class);

    private final LeaseStore leases;
    private final Clock clock;
    private final String nodeId;
    private final Duration leaseTtl;
    private final RetentionService retention;
    private final BackgroundJob job;
    private final BackgroundLoop periodic;
    private final LongAdder deletedTasks = new LongAdder();
    private final LongAdder deletedEvents = new LongAdder();

    public RetentionJob(Store store, LeaseStore leases, Clock clock, RetentionConfig config, String nodeId) {
        this.leases = leases;
        this.clock = clock;
        this.nodeId = nodeId;
        this.leaseTtl = config.interval().multipliedBy(2).plusMinutes(1);
        this.retention = new RetentionService(store, clock, config.taskRetention(), config.eventRetention(),
                config.archiveDir() == null ? null : new Archive(config.archiveDir()), RetentionConfig.BATCH_SIZE);
        this.job = new BackgroundJob("retention", config.interval(), clock);
        this.periodic = BackgroundLoop.periodic(job, this::runOnce);
    }

    /** One run, if this node holds (or takes) the lease; returns what it deleted (nothing when another node holds it). */
    public RetentionService.Outcome runOnce() {
        if (!leases.tryAcquire(LEASE, nodeId, clock, leaseTtl)) {
            LOG.debug("retention skipped on node {}: another node holds the retention lease", nodeId);
            retention.finishInterruptedBatches(); // this node's archive directory, whoever deletes now
            return new RetentionService.Outcome(0, 0);
        }
        RetentionService.Outcome outcome = retention.runOnce(job::progress); // a long run shows progress per batch
        deletedTasks.add(outcome.tasks());
        deletedEvents.add(outcome.events());
        return outcome;
    }

    @Override
    public void start() {
        periodic.start();
    }

    @Override
    public void stop() {
        periodic.stop();
    }

    /** The job's loop, for /metrics and /health. */
    public BackgroundJob job() {
        return job;
    }

    /** Finished tasks this node deleted since it started. */
    public long deletedTasks() {
        return deletedTasks.sum();
    }

    /** Events this node deleted since it started. */
    public long deletedEvents() {
        return deletedEvents.sum();
    }
}
