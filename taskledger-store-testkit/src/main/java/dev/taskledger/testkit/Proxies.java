package dev.taskledger.testkit;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.function.Function;

/** Test doubles that wrap a real object: every call goes through to it, except one method. */
final class Proxies {
    private Proxies() {}

    /** {@code target} with the method named {@code method} replaced by {@code replacement} (given the call's arguments). */
    static <T> T replacing(Class<T> type, T target, String method, Function<Object[], Object> replacement) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, m, args) -> {
            if (m.getName().equals(method)) {
                return replacement.apply(args);
            }
            try {
                return m.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }));
    }
}
