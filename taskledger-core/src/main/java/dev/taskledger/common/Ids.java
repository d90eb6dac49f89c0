package dev.taskledger.common;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

/** UUIDv7 ids (RFC 9562): time-ordered, so new rows land at the end of B-tree indexes. */
public final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ReentrantLock LOCK = new ReentrantLock();
    private static long lastMillis;
    private static long sequence;

    private Ids() {}

    public static UUID newId() {
        return newId(Instant.now());
    }

    /** A UUIDv7 for the given time; ids made in the same millisecond by this JVM still sort in creation order. */
    public static UUID newId(Instant at) {
        long millis = at.toEpochMilli();
        long seq;
        LOCK.lock();
        try {
            if (millis <= lastMillis) {
                millis = lastMillis;
                sequence++;
                if (sequence > 0xFFF) { // 12-bit counter exhausted: borrow the next millisecond
                    millis++;
                    sequence = 0;
                }
            } else {
                sequence = RANDOM.nextInt(0x400); // random start leaves room for many ids per millisecond
            }
            lastMillis = millis;
            seq = sequence;
        } finally {
            LOCK.unlock();
        }
        long msb = (millis << 16) | 0x7000L | seq;
        long lsb = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }

    /** Parses an id from the wire; null when it is not a UUID (callers answer 404). */
    public static UUID parseOrNull(String text) {
        if (text == null || text.length() != 36) {
            return null;
        }
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
