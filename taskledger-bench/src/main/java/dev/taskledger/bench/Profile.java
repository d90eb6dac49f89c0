package dev.taskledger.bench;

/**
 * The client-side settings one table of the report is measured with.
 *
 * <ul>
 *   <li>{@code headline}: what a user gets by default: a freshly started server (no warm-up), one W1 bulk request
 *       in flight, the {@code Worker} with concurrency {@code --concurrency} and every other setting at
 *       {@code Worker.builder}'s default.</li>
 *   <li>{@code tuned}: a server warmed up with 3N tasks, 4 W1 bulk requests in flight, prefetch 90.</li>
 * </ul>
 *
 * @param warmUp         tasks of the warm-up pass before measuring (0: a freshly started server)
 * @param enqueueClients W1 bulk requests in flight at once
 * @param prefetch       the worker's prefetch; null leaves {@code Worker.builder}'s default
 */
record Profile(String name, int warmUp, int enqueueClients, Integer prefetch) {
    static final String HEADLINE = "headline";
    static final String TUNED = "tuned";

    static Profile headline() {
        return new Profile(HEADLINE, 0, 1, null);
    }

    static Profile tuned(int tasks) {
        return new Profile(TUNED, 3 * tasks, 4, 90);
    }

    Profile withWarmUp(int value) {
        return new Profile(name, value, enqueueClients, prefetch);
    }

    Profile withEnqueueClients(int value) {
        return new Profile(name, warmUp, value, prefetch);
    }

    Profile withPrefetch(int value) {
        return new Profile(name, warmUp, enqueueClients, value);
    }

    boolean headlineProfile() {
        return name.equals(HEADLINE);
    }
}
