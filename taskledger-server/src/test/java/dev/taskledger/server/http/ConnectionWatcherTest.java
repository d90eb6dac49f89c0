package dev.taskledger.server.http;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@link ConnectionWatcher} on real loopback sockets: the server's end of each connection is watched, the client's closed. */
class ConnectionWatcherTest {
    private ConnectionWatcher watcher;
    private ServerSocketChannel listener;

    @BeforeEach
    void start() throws IOException {
        watcher = ConnectionWatcher.start();
        listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
    }

    @AfterEach
    void stop() throws IOException {
        watcher.close();
        listener.close();
    }

    @Test
    void aClientThatCloses_isGone_andTheActionRunsOnce() throws Exception {
        try (SocketChannel client = connect(); SocketChannel server = accept()) {
            ConnectionWatcher.Watch watch = watcher.watch(server);
            CountDownLatch ran = new CountDownLatch(1);
            watch.onGone(ran::countDown);
            assertThat(watch.isGone()).isFalse();

            client.close();

            assertThat(ran.await(2, TimeUnit.SECONDS)).isTrue();
            assertThat(watch.isGone()).isTrue();
        }
    }

    @Test
    void aClientThatResets_isGone() throws Exception {
        try (SocketChannel client = connect(); SocketChannel server = accept()) {
            ConnectionWatcher.Watch watch = watcher.watch(server);
            watch.onGone(() -> {});

            client.setOption(StandardSocketOptions.SO_LINGER, 0);
            client.close();

            await().atMost(Duration.ofSeconds(2)).until(watch::isGone);
        }
    }

    @Test
    void aClientThatStays_isNotGone() throws Exception {
        try (SocketChannel client = connect(); SocketChannel server = accept()) {
            ConnectionWatcher.Watch watch = watcher.watch(server);
            watch.onGone(() -> {});

            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !watch.isGone());
        }
    }

    @Test
    void theNextWatchOfAConnection_watchesAgain_andWhatTheServerReadMeanwhileDoesNotCount() throws Exception {
        try (SocketChannel client = connect(); SocketChannel server = accept()) {
            ConnectionWatcher.Watch first = watcher.watch(server);
            first.onGone(() -> {});
            first.close();
            client.write(ByteBuffer.wrap("next request".getBytes())); // the next request, read by the server
            ByteBuffer in = ByteBuffer.allocate(64);
            await().atMost(Duration.ofSeconds(2)).until(() -> server.read(in) > 0 || in.position() > 0);

            ConnectionWatcher.Watch second = watcher.watch(server);
            CountDownLatch ran = new CountDownLatch(1);
            second.onGone(ran::countDown);
            assertThat(ran.await(300, TimeUnit.MILLISECONDS)).as("nothing unread: still there").isFalse();

            client.close();

            assertThat(ran.await(2, TimeUnit.SECONDS)).isTrue();
            assertThat(first.isGone()).as("a closed watch keeps its answer").isFalse();
        }
    }

    @Test
    void onGone_afterTheClientWent_runsAtOnce() throws Exception {
        try (SocketChannel client = connect(); SocketChannel server = accept()) {
            ConnectionWatcher.Watch watch = watcher.watch(server);
            watch.onGone(() -> {});
            client.close();
            await().atMost(Duration.ofSeconds(2)).until(watch::isGone);

            CountDownLatch ran = new CountDownLatch(1);
            watch.onGone(ran::countDown);

            assertThat(ran.getCount()).isZero();
        }
    }

    @Test
    void checkGone_looksAtTheSocketItself_evenWhereTheWatcherIsNotWatching() throws Exception {
        try (SocketChannel client = connect(); SocketChannel server = accept()) {
            ConnectionWatcher.Watch watch = watcher.watch(server); // never armed: the watcher's thread does not look
            assertThat(watch.checkGone()).isFalse();

            client.close();

            await().atMost(Duration.ofSeconds(2)).until(watch::checkGone);
            assertThat(watch.isGone()).as("remembered").isTrue();
        }
    }

    @Test
    void aConnectionThatCannotBeWatched_isThereUntilSaidOtherwise() {
        ConnectionWatcher.Watch watch = watcher.watch((SocketChannel) null);
        CountDownLatch ran = new CountDownLatch(1);
        watch.onGone(ran::countDown);

        assertThat(watch.isGone()).isFalse();
        assertThat(watch.checkGone()).isFalse();
        assertThat(ran.getCount()).isOne();
        watch.close();
    }

    private SocketChannel connect() throws IOException {
        return SocketChannel.open(listener.getLocalAddress());
    }

    private SocketChannel accept() throws IOException {
        SocketChannel server = listener.accept();
        server.configureBlocking(false);
        return server;
    }
}
