package dev.taskledger.jobs;

import java.time.Duration;

/** What a {@link BackgroundLoop} runs, over and over. */
public interface LoopStep {
    /** Runs one step; returns how long to wait before the next ({@link Duration#ZERO}: at once). */
    Duration run();

    /**
     * Called by {@link BackgroundLoop#stop()} on the stopping thread before it waits for the loop to end: unblocks
     * a step blocked in I/O (the PostgreSQL listener closes its connection).
     */
    default void stopping() {
    }

    /** Called on the loop's thread when the loop ends, however it ends (the relay releases its lease). */
    default void ended() {
    }
}
