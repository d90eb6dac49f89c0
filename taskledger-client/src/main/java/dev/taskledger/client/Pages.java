package dev.taskledger.client;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** Every item of a cursor-paged listing as one lazy stream: the next page is fetched when the last one is used up. */
final class Pages {
    private Pages() {}

    /**
     * @param fetch the page after {@code cursor} (null: the first page)
     * @param items the items of a page
     * @param next  the cursor of the page after it, null on the last page
     */
    static <P, T> Stream<T> stream(Function<String, P> fetch, Function<P, List<T>> items, Function<P, String> next) {
        Iterator<T> it = new Iterator<>() {
            private Iterator<T> page = List.<T>of().iterator();
            private String cursor;
            private boolean last;

            @Override
            public boolean hasNext() {
                while (!page.hasNext() && !last) {
                    P p = fetch.apply(cursor);
                    page = items.apply(p).iterator();
                    cursor = next.apply(p);
                    last = cursor == null;
                }
                return page.hasNext();
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return page.next();
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL), false);
    }
}
