package dev.taskledger.store;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs a transaction again when it lost to a concurrent one: an optimistic update found another version
 * ({@link StoreException.VersionConflict}) or the database aborted it (deadlock, serialization failure:
 * {@link StoreException.TransientConflict}). Between attempts it pauses 1, 2, 4 … up to 50 ms, each with jitter so
 * that the transactions that collided do not collide again; after {@link Store#CONFLICT_ATTEMPTS} it rethrows the last conflict.
 */
final class ConflictRetry {
    private static final long FIRST_PAUSE_MICROS = 1_000;
    private static final long MAX_PAUSE_MICROS = 50_000;

    private ConflictRetry() {}

    static <T> T run(Supplier<T> transaction) {
        for (int attempt = 1; ; attempt++) {
            try {
                return transaction.get();
            } catch (StoreException.VersionConflict | StoreException.TransientConflict e) {
                if (attempt == Store.CONFLICT_ATTEMPTS) {
                    throw e;
                }
                pause(attempt, e);
            }
        }
    }

    /** Sleeps before attempt {@code attempt + 1}: between half and all of {@link #pauseMicros}. */
    private static void pause(int attempt, StoreException conflict) {
        long max = pauseMicros(attempt);
        try {
            TimeUnit.MICROSECONDS.sleep(ThreadLocalRandom.current().nextLong(max / 2, max + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw conflict;
        }
    }

    /** 1 ms after the first attempt, doubling, at most 50 ms. */
    static long pauseMicros(int attempt) {
        return Math.min(MAX_PAUSE_MICROS, FIRST_PAUSE_MICROS << Math.min(attempt - 1, 20));
    }
}
