package dev.taskledger.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One keep-alive HTTP/1.1 connection that POSTs JSON and reads the whole answer: a lean load generator, as wrk
 * or ab would be, so that the benchmark's own CPU stays small next to the server's on a shared machine. The JDK
 * HttpClient (which {@code taskledger-client} uses) spent about 130 µs of CPU per request in the single-record
 * ledger workload, as much as the server itself. Not for production use: no TLS, no redirects, no retries.
 */
final class RawHttpConnection implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String hostHeader;

    RawHttpConnection(String baseUrl) throws IOException {
        URI uri = URI.create(baseUrl);
        this.socket = new Socket(uri.getHost(), uri.getPort());
        socket.setTcpNoDelay(true);
        this.in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        this.out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
        this.hostHeader = uri.getHost() + ":" + uri.getPort();
    }

    /** POSTs a JSON body; returns the answer's body, or throws when the status is not 2xx. */
    byte[] postJson(String path, byte[] json) throws IOException {
        String head = "POST " + path + " HTTP/1.1\r\nHost: " + hostHeader
                + "\r\nContent-Type: application/json\r\nAccept: application/json\r\nContent-Length: " + json.length + "\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(json);
        out.flush();
        return readAnswer(path);
    }

    private byte[] readAnswer(String path) throws IOException {
        String statusLine = line();
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("POST " + path + ": not an HTTP/1.1 answer: " + statusLine);
        }
        int status = Integer.parseInt(parts[1]);
        long length = -1;
        boolean chunked = false;
        boolean close = false;
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            String name = header.substring(0, Math.max(colon, 0)).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> close = value.equalsIgnoreCase("close");
                default -> { }
            }
        }
        byte[] body = chunked ? chunkedBody() : in.readNBytes((int) Math.max(length, 0));
        if (!chunked && body.length < length) {
            throw new EOFException("POST " + path + ": the answer ended after " + body.length + " of " + length + " bytes");
        }
        if (close) {
            socket.close();
        }
        if (status / 100 != 2) {
            throw new IOException("POST " + path + " answered " + status + ": " + new String(body, StandardCharsets.UTF_8));
        }
        return body;
    }

    private byte[] chunkedBody() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line();
            int semicolon = sizeLine.indexOf(';');
            int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            if (size == 0) {
                while (!line().isEmpty()) { } // trailers
                return body.toByteArray();
            }
            body.write(in.readNBytes(size));
            line(); // the CRLF after the chunk
        }
    }

    private String line() throws IOException {
        StringBuilder s = new StringBuilder(64);
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new EOFException("the server closed the connection");
            }
            if (c != '\r') {
                s.append((char) c);
            }
        }
        return s.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
