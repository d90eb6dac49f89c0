package dev.taskledger.testkit;

import dev.taskledger.queue.ClaimClient;

/** A {@link ClaimClient} that is there until the test calls {@link #go}, as the HTTP layer reports a closed connection. */
final class VanishingClient implements ClaimClient {
    private boolean gone;
    private Runnable action;

    /** A client that has gone already. */
    static VanishingClient gone() {
        VanishingClient client = new VanishingClient();
        client.go();
        return client;
    }

    /** The client closes its connection: the waiting action runs on the caller's thread, as on the watcher's. */
    void go() {
        Runnable run;
        synchronized (this) {
            gone = true;
            run = action;
            action = null;
        }
        if (run != null) {
            run.run();
        }
    }

    @Override
    public synchronized boolean isGone() {
        return gone;
    }

    @Override
    public void onGone(Runnable action) {
        synchronized (this) {
            this.action = gone ? null : action;
            if (!gone || action == null) {
                return;
            }
        }
        action.run();
    }
}
