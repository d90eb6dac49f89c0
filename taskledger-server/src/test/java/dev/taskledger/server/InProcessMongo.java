package dev.taskledger.server;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

import java.net.InetSocketAddress;

/**
 * One in-process mongo-java-server (memory backend) for the whole test JVM on a random loopback port (as in
 * taskledger-store-mongo's tests); tests isolate themselves by database name.
 */
final class InProcessMongo {
    private static MongoServer server;
    private static String uri;

    private InProcessMongo() {}

    static synchronized String uri() {
        if (server == null) {
            server = new MongoServer(new MemoryBackend());
            InetSocketAddress address = server.bind();
            uri = "mongodb://127.0.0.1:" + address.getPort();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> server.shutdownNow(), "mongo-java-server-stop"));
        }
        return uri;
    }

    static void dropDatabase(String name) {
        try (MongoClient client = MongoClients.create(uri())) {
            client.getDatabase(name).drop();
        }
    }
}
