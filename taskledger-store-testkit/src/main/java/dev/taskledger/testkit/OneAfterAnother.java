package dev.taskledger.testkit;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.MethodOrdererContext;

/**
 * {@code @TestMethodOrder(OneAfterAnother.class)}: a class's tests in JUnit's default order, one after another, also
 * inside a suite whose nested classes run concurrently ({@code @Execution(CONCURRENT)} on the suite would otherwise
 * reach the tests of a class with a test instance per method too). A {@link MethodOrderer} makes its class's tests
 * SAME_THREAD by default; this one leaves the order as it was. (PER_CLASS classes run their tests one after another
 * already.)
 */
public final class OneAfterAnother implements MethodOrderer {

    @Override
    public void orderMethods(MethodOrdererContext context) {
        // the default order stays
    }
}
