package dev.postcard.http;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Requests to the tracking routes as mail clients, browsers and proxies send them. */
final class TrackingHits {
    static final String CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
            + " Chrome/131.0.0.0 Safari/537.36";
    static final String GMAIL_PROXY = "Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0"
            + " (via ggpht.com GoogleImageProxy)";

    private TrackingHits() {
    }

    static HttpResponse<byte[]> get(TestServer server, String link, String userAgent) {
        return server.sendForBytes(builder(server, link, userAgent).GET().build());
    }

    static HttpResponse<byte[]> head(TestServer server, String link, String userAgent) {
        return server.sendForBytes(builder(server, link, userAgent).HEAD().build());
    }

    /** A POST of a form body, as a mail client's one-click unsubscribe or the confirmation page sends it. */
    static HttpResponse<String> postForm(TestServer server, String link, String form) {
        return server.send(builder(server, link, CHROME)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
    }

    private static HttpRequest.Builder builder(TestServer server, String link, String userAgent) {
        return HttpRequest.newBuilder(server.local(link)).timeout(Duration.ofSeconds(30)).header("User-Agent", userAgent);
    }
}
