package dev.taskledger.server;

import dev.taskledger.server.config.Config;
import dev.taskledger.server.config.ConfigException;
import dev.taskledger.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * Starts the server from the environment (see the README for the variables). Exit codes: 2 when the
 * configuration is invalid or unsafe (printed without a stack trace), 1 when the database cannot be
 * reached or anything else stops the start. A shutdown hook stops it gracefully on SIGTERM / Ctrl-C.
 */
public final class Main {
    static final int EXIT_CONFIG = 2;
    static final int EXIT_FAILED = 1;

    private Main() {}

    public static void main(String[] args) {
        int code = run(System.getenv());
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Starts the server and returns 0, leaving it running; or returns the exit code of a failed start. */
    static int run(Map<String, String> env) {
        Config config;
        try {
            config = Config.fromEnv(env);
        } catch (ConfigException e) {
            System.err.println("taskledger: cannot start, the configuration is not valid:");
            e.problems().forEach(p -> System.err.println("  - " + p));
            return EXIT_CONFIG;
        }
        Logger log = LoggerFactory.getLogger(Main.class);
        try {
            Application app = Application.start(config);
            Runtime.getRuntime().addShutdownHook(new Thread(app::close, "taskledger-shutdown"));
            return 0;
        } catch (ConfigException e) {
            System.err.println("taskledger: cannot start: " + e.getMessage());
            return EXIT_CONFIG;
        } catch (StoreException e) {
            log.error("cannot start: the database {} is not usable: {}", config.database(), rootMessage(e));
            return EXIT_FAILED;
        } catch (RuntimeException e) {
            log.error("cannot start: {}", rootMessage(e), e);
            return EXIT_FAILED;
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String first = String.valueOf(e.getMessage()).lines().findFirst().orElse("").trim(); // drivers add tables below
        return root == e ? first : first + " (cause: " + root + ")";
    }
}
