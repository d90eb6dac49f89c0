package dev.taskledger.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP/1.1 connection on a plain socket, for what {@link Api} cannot do: send a request and then vanish
 * without reading the answer, closing the socket the way a process that gives up (FIN) or is killed with
 * unread data (RST) does.
 */
final class RawConnection implements AutoCloseable {
    /** How a client's socket ends. */
    enum Close {
        /** close(): the kernel sends FIN (curl --max-time, a killed process with nothing unread). */
        FIN,
        /** close() with SO_LINGER 0: the kernel sends RST (a killed process with unread data). */
        RESET
    }

    private final Socket socket;

    private RawConnection(Socket socket) {
        this.socket = socket;
    }

    static RawConnection connect(int port) {
        return connect(port, 0);
    }

    /** With {@code receiveBuffer} > 0 the socket's receive buffer (and so the window the server may fill) is that small. */
    static RawConnection connect(int port, int receiveBuffer) {
        try {
            Socket socket = new Socket();
            if (receiveBuffer > 0) {
                socket.setReceiveBufferSize(receiveBuffer);
            }
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(60_000);
            return new RawConnection(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends {@code POST path} with a JSON body and acme's key; does not read the answer. */
    RawConnection post(String path, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: " + ApiTestBase.ACME_KEY
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n";
        try {
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(body);
            socket.getOutputStream().flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts {@code POST path} with a chunked NDJSON body and acme's key, sending only {@code firstChunk} of it. */
    RawConnection startNdjson(String path, String firstChunk) {
        String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: " + ApiTestBase.ACME_KEY
                + "\r\nContent-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n";
        return send(head.getBytes(StandardCharsets.US_ASCII)).chunk(firstChunk);
    }

    /** Sends one more chunk of a body begun with {@link #startNdjson}; an empty one ends the body. */
    RawConnection chunk(String text) {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        byte[] head = (Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        send(head);
        send(data);
        return send("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    private RawConnection send(byte[] bytes) {
        try {
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads one answer (with a Content-Length) and returns its status line and body. */
    Reply read() {
        try {
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            int length = 0;
            for (String line : head.split("\r\n")) {
                if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
            int status = Integer.parseInt(head.substring(9, 12));
            return new Reply("raw " + head.lines().findFirst().orElse(""), status,
                    java.net.http.HttpHeaders.of(java.util.Map.of(), (a, b) -> true), body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Blocks until the first {@code n} bytes of an answer arrive: the server is writing it. */
    void awaitAnswerStarted(int n) {
        try {
            if (socket.getInputStream().readNBytes(n).length < n) {
                throw new IOException("connection closed before the answer began");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed before the answer's head ended");
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    void close(Close how) {
        try {
            if (how == Close.RESET) {
                socket.setSoLinger(true, 0);
            }
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        close(Close.FIN);
    }
}
