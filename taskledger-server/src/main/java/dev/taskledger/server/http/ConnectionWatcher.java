package dev.taskledger.server.http;

import dev.taskledger.queue.ClaimClient;
import io.javalin.config.Key;
import io.javalin.http.Context;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.SelectableChannelEndPoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Tells a handler that waits (a long-polling claim) when its client closes the connection.
 *
 * <p>Jetty reads a connection only while a handler reads the request body, so a client that goes while its claim
 * waits (gives up, is killed, closes its socket) went unnoticed; writing the answer does not tell either, as the
 * first write after the client's FIN still succeeds into the kernel's buffer. So the watcher registers the
 * waiting request's socket with a selector of its own, for reading, without ever reading it: the request has
 * been read whole and an HTTP/1.1 client sends nothing more before the answer, so a socket that turns
 * readable, and is still readable when looked at again, holds the end of the stream or a reset — the client has
 * gone. (A client that pipelines its next request, or half-closes its side, looks gone too: its long-poll
 * answers early and empty.) One thread watches every connection, so a waiting claim leaves as soon as its
 * client goes; a watch costs a selector registration when its claim starts waiting. Right before an answer with
 * tasks is written, {@link Watch#checkGone} looks at the socket once more itself (a few microseconds), so a client
 * that went a moment ago is seen even when the watcher's thread has not run since.
 *
 * <p>Its thread is not a {@link dev.taskledger.jobs.BackgroundLoop}: it waits in {@link Selector#select}, woken by
 * the sockets themselves, not for a period a clock could drive.
 */
public final class ConnectionWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionWatcher.class);
    static final Key<ConnectionWatcher> KEY = new Key<>("taskledger.connection-watcher");
    /** How long the thread may sleep between looks; also bounds how late a closed socket's descriptor is released. */
    private static final long SELECT_TIMEOUT_MS = 1_000;

    private final Selector selector;
    private final Thread thread;
    /** Selectors for a look at one socket right now ({@link Watch#checkGone}), reused. */
    private final Queue<Selector> probes = new ConcurrentLinkedQueue<>();
    private volatile boolean closed;

    private ConnectionWatcher(Selector selector) {
        this.selector = selector;
        this.thread = Thread.ofPlatform().daemon().name("connection-watcher").unstarted(this::run);
    }

    /** A watcher with its thread running; {@link #close} stops it. */
    public static ConnectionWatcher start() {
        try {
            ConnectionWatcher watcher = new ConnectionWatcher(Selector.open());
            watcher.thread.start();
            return watcher;
        } catch (IOException e) {
            throw new UncheckedIOException("could not open a selector to watch client connections", e);
        }
    }

    /** A watch over the connection of {@code ctx}'s request, with the watcher the HTTP server runs; close it when the answer is sent. */
    public static Watch of(Context ctx) {
        return ctx.appData(KEY).watch(ctx);
    }

    /** A watch over the connection of {@code ctx}'s request; it starts watching at the first {@link Watch#onGone}. */
    Watch watch(Context ctx) {
        return watch(socketOf(ctx));
    }

    /** A watch over {@code socket} (non-blocking; null: a connection that cannot be watched). */
    Watch watch(SelectableChannel socket) {
        return new Watch(socket);
    }

    /** The request's socket; null when it is not a plain socket this watcher can select on. */
    private static SelectableChannel socketOf(Context ctx) {
        try {
            EndPoint endPoint = ServletContextRequest.getServletContextRequest(ctx.req()).getConnectionMetaData()
                    .getConnection().getEndPoint();
            return endPoint instanceof SelectableChannelEndPoint e && e.getChannel() instanceof SocketChannel socket ? socket : null;
        } catch (IllegalStateException e) {
            return null;
        }
    }

    private void run() {
        Map<SelectionKey, Watch> suspects = new HashMap<>();
        try {
            while (!closed) {
                selector.select(SELECT_TIMEOUT_MS);
                Set<SelectionKey> ready = selector.selectedKeys();
                for (SelectionKey key : ready) {
                    if (key.attachment() instanceof Watch w) {
                        suspects.put(key, w);
                    }
                }
                ready.clear();
                if (suspects.isEmpty()) {
                    continue;
                }
                // look again: readiness that was read away meanwhile (a stale wake-up) does not count; an end of
                // stream or a reset stays readable
                selector.selectNow();
                suspects.forEach((key, w) -> {
                    if (!key.isValid() || (ready.contains(key) && key.attachment() == w)) {
                        w.markGone(key);
                    }
                });
                ready.clear();
                suspects.clear();
            }
        } catch (IOException | ClosedSelectorException e) {
            if (!closed) {
                LOG.error("watching client connections stopped: {}", e.toString());
            }
        } catch (RuntimeException | Error e) {
            LOG.error("watching client connections stopped", e);
        }
    }

    /**
     * True when {@code socket} is readable now (end of stream, reset, or unread bytes) or closed: a look of its
     * own, a few microseconds, independent of how soon the watcher's thread gets to run.
     */
    private boolean readableNow(SelectableChannel socket) {
        Selector probe = probes.poll();
        try {
            if (probe == null) {
                probe = Selector.open();
            }
            SelectionKey key = socket.register(probe, SelectionKey.OP_READ);
            try {
                return probe.selectNow() > 0;
            } finally {
                probe.selectedKeys().clear();
                key.cancel();
                probe.selectNow(); // deregisters now, so the socket may be registered with this probe again
            }
        } catch (ClosedChannelException | CancelledKeyException e) {
            return true;
        } catch (IOException | ClosedSelectorException e) {
            LOG.debug("could not look at a client connection: {}", e.toString());
            return false;
        } finally {
            if (probe != null) {
                probes.offer(probe);
                if (closed) {
                    closeProbes();
                }
            }
        }
    }

    /** Stops the thread; watches made afterwards never report their client gone. */
    @Override
    public void close() {
        closed = true;
        selector.wakeup();
        try {
            thread.join(SELECT_TIMEOUT_MS * 2);
            selector.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.warn("closing the connection watcher's selector failed: {}", e.toString());
        }
        closeProbes();
    }

    private void closeProbes() {
        for (Selector probe; (probe = probes.poll()) != null; ) {
            try {
                probe.close();
            } catch (IOException e) {
                LOG.debug("closing a probe selector failed: {}", e.toString());
            }
        }
    }

    /** One request's connection, watched while its handler waits; see {@link ConnectionWatcher}. */
    public final class Watch implements ClaimClient, AutoCloseable {
        private final SelectableChannel socket;
        private volatile boolean gone;
        private Runnable action; // guarded by this
        private SelectionKey key; // guarded by this; non-null while watching

        private Watch(SelectableChannel socket) {
            this.socket = socket;
        }

        /** What the watcher has seen: true once the client is known to have gone. */
        @Override
        public boolean isGone() {
            return gone || (socket != null && !socket.isOpen());
        }

        /**
         * Looks at the socket now as well: true when the client has gone, also if it went a moment ago and the
         * watcher's thread has not run since. For the last check before an answer is written.
         */
        public boolean checkGone() {
            if (!isGone() && socket != null && !closed && readableNow(socket)) {
                gone = true;
            }
            return isGone();
        }

        @Override
        public void onGone(Runnable action) {
            synchronized (this) {
                this.action = action;
                if (action != null && !gone && key == null) {
                    startWatching();
                }
                if (!gone) {
                    return;
                }
                this.action = null;
            }
            if (action != null) {
                action.run();
            }
        }

        private void startWatching() {
            if (socket == null || closed) {
                return;
            }
            try {
                // a connection that long-polled before keeps its key (never cancelled, only quietened) for this watcher
                SelectionKey existing = socket.keyFor(selector);
                if (existing == null) {
                    key = socket.register(selector, SelectionKey.OP_READ, this);
                } else {
                    existing.attach(this);
                    existing.interestOps(SelectionKey.OP_READ);
                    key = existing;
                }
                selector.wakeup(); // the selector applies a new interest when it next loops
            } catch (ClosedChannelException | CancelledKeyException e) {
                gone = true;
            } catch (ClosedSelectorException e) {
                key = null; // the server is stopping
            }
        }

        /** The watcher saw the client go: remembered, and the waiting action runs (on the watcher's thread). */
        private void markGone(SelectionKey seen) {
            Runnable run;
            synchronized (this) {
                if (key != seen) {
                    return; // no longer watching
                }
                gone = true;
                quieten();
                run = action;
                action = null;
            }
            if (run != null) {
                run.run();
            }
        }

        /** Stops watching; what {@link #isGone} says stays as it was. */
        @Override
        public synchronized void close() {
            action = null;
            if (key != null) {
                quieten();
            }
        }

        private void quieten() {
            try {
                if (key.attachment() == this) {
                    key.attach(null);
                    key.interestOps(0);
                }
            } catch (CancelledKeyException e) {
                // the connection closed; nothing left to quieten
            }
            key = null;
        }
    }
}
