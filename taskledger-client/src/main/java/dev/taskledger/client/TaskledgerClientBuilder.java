package dev.taskledger.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * Settings of a {@link TaskledgerClient}. Only the base URL is required.
 *
 * <ul>
 *   <li>{@code apiKey}: sent as {@code Authorization: Bearer <key>} (none in loopback dev mode)</li>
 *   <li>{@code tenant}: for an admin key, the tenant to act for ({@code X-Tenant})</li>
 *   <li>{@code connectTimeout} (default 5 s), {@code requestTimeout} (default 30 s; a long-polling claim
 *       gets its {@code wait} on top)</li>
 * </ul>
 */
public final class TaskledgerClientBuilder {
    private URI baseUrl;
    private String apiKey;
    private String tenant;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration requestTimeout = Duration.ofSeconds(30);
    private Executor executor;

    /**
     * The JDK HTTP client's own work (reading an answer, completing the call waiting for it) runs on virtual threads:
     * a call made on a virtual thread (the {@link Worker}'s) then resumes on the carrier that read its answer, one
     * thread wake-up sooner than through the JDK's default pool of platform threads.
     */
    private static final Executor HTTP_TASKS = task -> Thread.ofVirtual().name("taskledger-http").start(task);

    TaskledgerClientBuilder() {}

    /** For example {@code http://127.0.0.1:8503}. */
    public TaskledgerClientBuilder baseUrl(String url) {
        return baseUrl(URI.create(url));
    }

    public TaskledgerClientBuilder baseUrl(URI url) {
        this.baseUrl = url;
        return this;
    }

    public TaskledgerClientBuilder apiKey(String key) {
        this.apiKey = key;
        return this;
    }

    /** The tenant an admin key acts for. */
    public TaskledgerClientBuilder tenant(String name) {
        this.tenant = name;
        return this;
    }

    public TaskledgerClientBuilder connectTimeout(Duration timeout) {
        this.connectTimeout = Objects.requireNonNull(timeout);
        return this;
    }

    public TaskledgerClientBuilder requestTimeout(Duration timeout) {
        this.requestTimeout = Objects.requireNonNull(timeout);
        return this;
    }

    /** The executor of the JDK HTTP client's internal work (default: the JDK's own). */
    public TaskledgerClientBuilder executor(Executor value) {
        this.executor = value;
        return this;
    }

    public TaskledgerClient build() {
        if (baseUrl == null) {
            throw new IllegalStateException("baseUrl is required, e.g. http://127.0.0.1:8503");
        }
        String scheme = baseUrl.getScheme();
        if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException("baseUrl must be an http or https URL, was " + baseUrl);
        }
        // HTTP/1.1: keep-alive connections, no h2c upgrade dance on plain http
        HttpClient.Builder http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout);
        http.executor(executor != null ? executor : HTTP_TASKS);
        return TaskledgerClient.over(new HttpBackend(new Transport(http.build(), baseUrl, apiKey, tenant, requestTimeout)));
    }
}
