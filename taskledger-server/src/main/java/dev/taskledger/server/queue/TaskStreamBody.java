package dev.taskledger.server.queue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.taskledger.protocol.CreateTaskRequest;
import dev.taskledger.protocol.Json;
import dev.taskledger.protocol.ProblemType;
import dev.taskledger.queue.TaskService;
import dev.taskledger.server.http.Bodies;
import dev.taskledger.server.http.HttpProblem;
import dev.taskledger.server.http.HttpServer;
import dev.taskledger.server.http.JsonBodies;
import dev.taskledger.server.http.Utf8;

import dev.taskledger.wire.TaskSpecs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The body of {@code POST /api/v1/tasks/stream}, received whole first (a {@link dev.taskledger.server.http.SpooledBody},
 * which holds it to {@link #MAX_BYTES}) and read from there: one {@link CreateTaskRequest} per line (NDJSON; blank
 * lines skipped), each decoded and mapped as a batch item is ({@link TaskSpecs#from}), only when the service asks
 * for the next one. At most one line is held: a line is at most {@link HttpServer#MAX_BODY_BYTES} (what a whole
 * batch body may be; 413 naming the line beyond). Every problem names its line
 * (the first line is line 1). An {@code Idempotency-Key} header keys the n-th task {@code <header>#<n>} (from 0, blank
 * lines not counted), as a batch keys its items.
 */
final class TaskStreamBody implements Iterator<TaskService.StreamedSpec> {
    /** 256 MiB: the most one streamed create's body may hold. */
    static final long MAX_BYTES = 256L * 1024 * 1024;
    private static final ObjectReader LINE = Json.mapper().readerFor(CreateTaskRequest.class)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final InputStream in;
    private final String headerKey;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;
    private byte[] line = new byte[8 * 1024];
    private long lineNumber;
    private int items;
    private TaskService.StreamedSpec next;
    private boolean ended;

    TaskStreamBody(InputStream in, String headerKey) {
        this.in = in;
        this.headerKey = headerKey == null || headerKey.isBlank() ? null : headerKey.trim();
    }

    @Override
    public boolean hasNext() {
        while (next == null && !ended) {
            int length = readLine();
            if (length >= 0 && !isBlank(length)) {
                next = decode(length);
            }
        }
        return next != null;
    }

    @Override
    public TaskService.StreamedSpec next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        TaskService.StreamedSpec out = next;
        next = null;
        return out;
    }

    /** Reads the next line into {@link #line} without its end; its length, or -1 at the end of the body. */
    private int readLine() {
        int length = 0;
        while (true) {
            if (position == limit && !refill()) {
                ended = true;
                return length == 0 ? -1 : startLine(length);
            }
            int end = position;
            while (end < limit && buffer[end] != '\n') {
                end++;
            }
            int take = end - position;
            if (length + take > HttpServer.MAX_BODY_BYTES) {
                throw new HttpProblem(ProblemType.PAYLOAD_TOO_LARGE, "line " + (lineNumber + 1) + " is longer than "
                        + HttpServer.MAX_BODY_BYTES + " bytes, the most one task may take");
            }
            while (line.length < length + take) {
                line = Arrays.copyOf(line, (int) Math.min(HttpServer.MAX_BODY_BYTES, 2L * line.length));
            }
            System.arraycopy(buffer, position, line, length, take);
            length += take;
            if (end < limit) {
                position = end + 1;
                return startLine(length);
            }
            position = limit;
        }
    }

    /**
     * Reads the next bytes of the received body into {@link #buffer}; false at its end. A failure here is the server's
     * (its temporary file), not the client's.
     */
    private boolean refill() {
        int n;
        try {
            n = in.read(buffer);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the streamed create's received body", e);
        }
        if (n < 0) {
            return false;
        }
        position = 0;
        limit = n;
        return true;
    }

    private int startLine(int length) {
        lineNumber++;
        return length > 0 && line[length - 1] == '\r' ? length - 1 : length;
    }

    private boolean isBlank(int length) {
        for (int i = 0; i < length; i++) {
            byte b = line[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    private TaskService.StreamedSpec decode(int length) {
        String where = "line " + lineNumber;
        byte[] bytes = Arrays.copyOf(line, length);
        int invalid = Utf8.firstInvalid(bytes);
        if (invalid >= 0) {
            throw HttpProblem.malformedJson(where + " is not valid UTF-8 (at byte " + invalid + " of the line)");
        }
        CreateTaskRequest request;
        try {
            request = LINE.readValue(bytes);
        } catch (JsonProcessingException e) {
            throw JsonBodies.problem(e, where);
        } catch (IOException e) {
            throw Bodies.readFailure(e);
        }
        String taskKey = headerKey != null && request != null && request.idempotencyKey() == null
                ? headerKey + "#" + items : null;
        items++;
        return new TaskService.StreamedSpec(lineNumber, TaskSpecs.from(request, taskKey, where + ": "));
    }
}
