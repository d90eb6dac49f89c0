package dev.taskledger.client;

import dev.taskledger.protocol.Json;

import java.io.InputStream;
import java.util.Iterator;

/**
 * The items of an iterator as NDJSON (one JSON document and a newline per item), serialised one item at a time as
 * the stream is read: a request body of any number of items holds only the item being sent.
 */
final class NdjsonBody extends InputStream {
    private final Iterator<?> items;
    private byte[] line = new byte[0];
    private int position;

    NdjsonBody(Iterator<?> items) {
        this.items = items;
    }

    @Override
    public int read() {
        if (!fill()) {
            return -1;
        }
        return line[position++] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (len == 0) {
            return 0;
        }
        int n = 0;
        while (n < len && fill()) {
            int take = Math.min(len - n, line.length - position);
            System.arraycopy(line, position, b, off + n, take);
            position += take;
            n += take;
        }
        return n == 0 ? -1 : n;
    }

    /** Whether bytes are left, serialising the next item when the current line is used up. */
    private boolean fill() {
        while (position == line.length) {
            if (!items.hasNext()) {
                return false;
            }
            byte[] json = Json.toBytes(items.next());
            line = java.util.Arrays.copyOf(json, json.length + 1);
            line[json.length] = '\n';
            position = 0;
        }
        return true;
    }
}
