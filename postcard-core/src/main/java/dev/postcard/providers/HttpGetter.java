package dev.postcard.providers;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * GETs a URL a provider told us to fetch (an SNS signing certificate, a SubscribeURL). Callers check the host
 * before asking; tests and the conformance suite serve the answers locally.
 */
@FunctionalInterface
public interface HttpGetter {
    int MAX_BODY = 64 * 1024;

    /** The body of a 2xx answer. @throws IOException on any other answer or failure */
    byte[] get(URI uri) throws IOException;

    /**
     * The JDK client: 5 s to connect, 10 s in all, no redirects, at most 64 KiB. One client for the JVM, made on
     * the first fetch: most engines never fetch anything, and a client starts a selector thread.
     */
    static HttpGetter jdk() {
        return uri -> {
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build();
            try {
                HttpResponse<byte[]> response = SharedHttpClient.INSTANCE.send(request, HttpResponse.BodyHandlers.ofByteArray());
                if (response.statusCode() / 100 != 2) {
                    throw new IOException("GET " + uri.getHost() + " answered " + response.statusCode());
                }
                byte[] body = response.body();
                if (body.length > MAX_BODY) {
                    throw new IOException("GET " + uri.getHost() + " answered more than " + MAX_BODY + " bytes");
                }
                return body;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        };
    }
}

/** The JVM's one client for {@link HttpGetter#jdk()}, made on first use (the holder idiom). */
final class SharedHttpClient {
    static final HttpClient INSTANCE = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    private SharedHttpClient() {
    }
}
