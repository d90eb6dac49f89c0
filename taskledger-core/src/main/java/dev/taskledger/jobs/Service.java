package dev.taskledger.jobs;

/** A background part of the server; {@code Main} starts them in order and stops them in reverse. */
public interface Service {
    /** Starts the work; calling it on a started service does nothing. */
    void start();

    /** Stops the work and waits for it to end; calling it on a stopped service does nothing. */
    void stop();
}
