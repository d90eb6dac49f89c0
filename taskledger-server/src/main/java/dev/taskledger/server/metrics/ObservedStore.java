package dev.taskledger.server.metrics;

import dev.taskledger.queue.Task;
import dev.taskledger.queue.TaskEvent;
import dev.taskledger.queue.spi.EventStore;
import dev.taskledger.queue.spi.OutboxStore;
import dev.taskledger.queue.spi.TaskStore;
import dev.taskledger.store.ClockReading;
import dev.taskledger.store.Store;
import dev.taskledger.store.StoreCapabilities;
import dev.taskledger.store.StoreTx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A {@link Store} decorator that tells listeners, after each transaction committed, what it wrote: its task events
 * (with the types of the tasks involved) and how many outbox messages. The task counters of {@code /metrics} and
 * the outbox relay's wake-up listen here, so no service needs to know about either. A transaction that threw tells
 * nobody; one the store ran again (deadlock retry) reports only its last attempt.
 *
 * <p>The sub-stores are wrapped with {@link Proxy}: only a few methods are watched, and the proxies keep working
 * when the SPI gains methods.
 */
public final class ObservedStore implements Store {
    private static final Logger LOG = LoggerFactory.getLogger(ObservedStore.class);

    private final Store delegate;
    private final List<Consumer<Commit>> listeners = new CopyOnWriteArrayList<>();

    public ObservedStore(Store delegate) {
        this.delegate = delegate;
    }

    /** Adds a listener; it runs on the committing thread, so it must be quick and must not use the store. */
    public void addListener(Consumer<Commit> listener) {
        listeners.add(listener);
    }

    @Override
    public <T> T inTransaction(Function<StoreTx, T> work) {
        if (listeners.isEmpty()) {
            return delegate.inTransaction(work);
        }
        Observation[] last = new Observation[1];
        T result = delegate.inTransaction(tx -> {
            Observation o = new Observation();
            last[0] = o;
            return work.apply(o.wrap(tx));
        });
        Observation o = last[0];
        if (o != null && (!o.events.isEmpty() || o.outbox > 0)) {
            Commit commit = new Commit(o.events, o.types, o.outbox);
            for (Consumer<Commit> listener : listeners) {
                try {
                    listener.accept(commit);
                } catch (RuntimeException e) {
                    LOG.warn("a commit listener failed: {}", e.toString());
                }
            }
        }
        return result;
    }

    @Override
    public StoreCapabilities capabilities() {
        return delegate.capabilities();
    }

    @Override
    public void migrate() {
        delegate.migrate();
    }

    @Override
    public Optional<ClockReading> readClock() {
        return delegate.readClock();
    }

    @Override
    public boolean isHealthy() {
        return delegate.isHealthy();
    }

    @Override
    public AutoCloseable subscribeReady(Consumer<String> listener) {
        return delegate.subscribeReady(listener);
    }

    @Override
    public String describe() {
        return delegate.describe();
    }

    @Override
    public void close() {
        delegate.close();
    }

    /** What one transaction attempt wrote. */
    private static final class Observation {
        private final List<TaskEvent> events = new ArrayList<>();
        private final Map<UUID, String> types = new HashMap<>();
        private final Map<Object, Object> proxies = new IdentityHashMap<>();
        private int outbox;

        StoreTx wrap(StoreTx tx) {
            return proxy(StoreTx.class, tx, (method, args, result) -> switch (result) {
                case TaskStore tasks -> proxies.computeIfAbsent(tasks, t -> proxy(TaskStore.class, tasks, this::onTasks));
                case EventStore events -> proxies.computeIfAbsent(events, e -> proxy(EventStore.class, events, this::onEvents));
                case OutboxStore outbox -> proxies.computeIfAbsent(outbox, o -> proxy(OutboxStore.class, outbox, this::onOutbox));
                case null, default -> method.getName().equals("insertTasksWithEvents") ? onInsertWithEvents(args, result) : result;
            });
        }

        /** {@link StoreTx#insertTasksWithEvents}: the tasks inserted, and the events written for them. */
        @SuppressWarnings("unchecked")
        private Object onInsertWithEvents(Object[] args, Object result) {
            List<TaskStore.Inserted> inserted = (List<TaskStore.Inserted>) result;
            remember(inserted);
            Set<UUID> created = TaskStore.Inserted.createdIds(inserted);
            for (TaskEvent e : (List<TaskEvent>) args[1]) {
                if (created.contains(e.taskId())) {
                    events.add(e);
                }
            }
            return result;
        }

        private Object onTasks(Method method, Object[] args, Object result) {
            remember(result);
            return result;
        }

        private void remember(Object value) {
            switch (value) {
                case Task t -> types.put(t.id(), t.type());
                case TaskStore.Inserted i -> types.put(i.task().id(), i.task().type());
                case Optional<?> o -> o.ifPresent(this::remember);
                case Collection<?> c -> c.forEach(this::remember);
                case null, default -> { }
            }
        }

        @SuppressWarnings("unchecked")
        private Object onEvents(Method method, Object[] args, Object result) {
            if (method.getName().equals("appendAll")) {
                events.addAll((List<TaskEvent>) args[0]);
            }
            return result;
        }

        private Object onOutbox(Method method, Object[] args, Object result) {
            if (method.getName().equals("appendAll")) {
                outbox += ((List<?>) args[0]).size();
            }
            return result;
        }
    }

    private interface AfterCall {
        Object apply(Method method, Object[] args, Object result);
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, T target, AfterCall after) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> {
            Object result;
            try {
                result = method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            return method.getDeclaringClass() == Object.class ? result : after.apply(method, args, result);
        });
    }
}
