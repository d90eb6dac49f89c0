package dev.taskledger.testkit;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

import java.net.InetSocketAddress;

/**
 * One in-process mongo-java-server (memory backend) for the whole test JVM, on a random loopback port, and one
 * real driver client to it: the MongoDB store's tests and the server's run against it when no real MongoDB is
 * configured. Tests isolate themselves by database name, never by restarting the server.
 */
public final class InProcessMongo {
    private static MongoServer server;
    private static String uri;
    private static MongoClient client;

    private InProcessMongo() {}

    public static synchronized String uri() {
        if (server == null) {
            server = new MongoServer(new MemoryBackend());
            InetSocketAddress address = server.bind();
            uri = "mongodb://127.0.0.1:" + address.getPort();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> server.shutdownNow(), "mongo-java-server-stop"));
        }
        return uri;
    }

    /** A client shared by the tests (stores opened over it do not close it). */
    public static synchronized MongoClient client() {
        if (client == null) {
            client = MongoClients.create(uri());
        }
        return client;
    }

    /** Drops one test's database. */
    public static void dropDatabase(String name) {
        client().getDatabase(name).drop();
    }
}
