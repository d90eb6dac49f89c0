package dev.taskledger.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** Runs one step on many threads released together, for tests of what concurrent callers must never break. */
public final class Races {
    private Races() {}

    /** What one racing thread does; exceptions are collected and returned. */
    @FunctionalInterface
    public interface Step {
        void run(int thread) throws Exception;
    }

    /** Runs {@code step} on {@code threads} threads released together; returns every exception thrown. */
    public static List<Throwable> race(int threads, Step step) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
        try {
            for (int i = 0; i < threads; i++) {
                int thread = i;
                pool.execute(() -> {
                    try {
                        start.await();
                        step.run(thread);
                    } catch (Throwable e) {
                        errors.add(e);
                    }
                });
            }
            start.countDown();
            pool.shutdown();
            if (!pool.awaitTermination(120, TimeUnit.SECONDS)) {
                errors.add(new AssertionError("racing threads did not finish within 120 s"));
            }
        } finally {
            pool.shutdownNow();
        }
        return new ArrayList<>(errors);
    }
}
