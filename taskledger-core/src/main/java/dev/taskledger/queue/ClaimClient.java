package dev.taskledger.queue;

/**
 * The client a long-polling claim answers, as far as the server can tell whether it is still there (the HTTP
 * layer watches its connection). A claim whose client has gone stops waiting and claims nothing more.
 */
public interface ClaimClient {
    /** A client nobody watches: as far as anyone can tell, it is always there. */
    ClaimClient UNWATCHED = new ClaimClient() {
        @Override
        public boolean isGone() {
            return false;
        }

        @Override
        public void onGone(Runnable action) {
        }
    };

    /** True once the client is known to have closed its connection. */
    boolean isGone();

    /**
     * Runs {@code action} once when the client goes, at once (on the caller's thread) if it has gone already.
     * A later call replaces the action; null removes it.
     */
    void onGone(Runnable action);
}
