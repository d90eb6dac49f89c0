package dev.taskledger.queue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The recent task starts a rate limit counts: entries of (time, how many started then), oldest first. A limited
 * claim adds one entry per claim transaction, so the window holds at most one entry per start and usually far
 * fewer. Stored as text ({@link #encode}: {@code "<epoch millis>:<count>,…"}) in the limit's own row.
 */
public record RateWindow(List<Entry> entries) {
    public static final RateWindow EMPTY = new RateWindow(List.of());

    public record Entry(long epochMillis, int count) {}

    public RateWindow {
        entries = List.copyOf(entries);
    }

    /** The entries still inside the period ending at {@code now}: started after {@code now - period}. */
    public RateWindow since(Instant now, int periodSeconds) {
        long after = now.toEpochMilli() - periodSeconds * 1000L;
        List<Entry> kept = entries.stream().filter(e -> e.epochMillis() > after).toList();
        return kept.size() == entries.size() ? this : new RateWindow(kept);
    }

    public int started() {
        int n = 0;
        for (Entry e : entries) {
            n += e.count();
        }
        return n;
    }

    /** When enough starts will have left the window for {@code needed} more to fit under {@code count}. */
    public Instant freeAt(int count, int periodSeconds, int needed) {
        int over = started() + needed - count;
        for (Entry e : entries) {
            over -= e.count();
            if (over <= 0) {
                return Instant.ofEpochMilli(e.epochMillis() + periodSeconds * 1000L);
            }
        }
        return null;
    }

    /** {@code at}, or the latest start in the window when that is later. */
    public Instant notBefore(Instant at) {
        if (entries.isEmpty()) {
            return at;
        }
        long last = entries.getLast().epochMillis();
        return last > at.toEpochMilli() ? Instant.ofEpochMilli(last) : at;
    }

    public RateWindow plus(Instant at, int count) {
        List<Entry> more = new ArrayList<>(entries);
        more.add(new Entry(at.toEpochMilli(), count));
        return new RateWindow(more);
    }

    public String encode() {
        StringBuilder b = new StringBuilder();
        for (Entry e : entries) {
            if (!b.isEmpty()) {
                b.append(',');
            }
            b.append(e.epochMillis()).append(':').append(e.count());
        }
        return b.toString();
    }

    public static RateWindow decode(String text) {
        if (text == null || text.isEmpty()) {
            return EMPTY;
        }
        List<Entry> entries = new ArrayList<>();
        for (String part : text.split(",")) {
            int colon = part.indexOf(':');
            entries.add(new Entry(Long.parseLong(part, 0, colon, 10), Integer.parseInt(part, colon + 1, part.length(), 10)));
        }
        return new RateWindow(entries);
    }
}
