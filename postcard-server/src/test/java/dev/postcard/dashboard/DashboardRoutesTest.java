package dev.postcard.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /dashboard} over HTTP: what is served, with which headers, and what is not. */
class DashboardRoutesTest {
    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static RunningPostcard postcard;

    @BeforeAll
    static void start() {
        postcard = RunningPostcard.startUnder("/api");
    }

    @AfterAll
    static void stop() {
        postcard.close();
    }

    @Test
    void everyDashboardAnswerCarriesTheSecurityHeaders() {
        for (String path : List.of("/dashboard", "/dashboard/", "/dashboard/app.js", "/dashboard/app.css",
                "/dashboard/pages/webhooks.js", "/dashboard/vendor/uPlot.iife.min.js", "/dashboard/no-such-file.js")) {
            HttpResponse<String> answer = get(path);
            assertThat(answer.headers().firstValue("Content-Security-Policy")).as(path).hasValue(CSP);
            assertThat(answer.headers().firstValue("X-Frame-Options")).as(path).hasValue("DENY");
            assertThat(answer.headers().firstValue("Referrer-Policy")).as(path).hasValue("no-referrer");
            assertThat(answer.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
        }
        HttpResponse<String> posted = postcard.send(HttpRequest.newBuilder(postcard.uri("/dashboard/app.js"))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(posted.statusCode()).isEqualTo(405);
        assertThat(posted.headers().firstValue("Allow")).hasValue("GET, HEAD");
        assertThat(posted.headers().firstValue("Content-Security-Policy")).hasValue(CSP);
        assertThat(postcard.send(HttpRequest.newBuilder(postcard.uri("/dashboard/nope.js"))
                .POST(HttpRequest.BodyPublishers.noBody()).build()).statusCode())
                .as("a file that does not exist is 404 whatever the method").isEqualTo(404);
    }

    @Test
    void theDashboardIsServedUnderTheBasePathWithItsTypes() {
        HttpResponse<String> bare = get("/dashboard");
        assertThat(bare.statusCode()).isEqualTo(301);
        assertThat(bare.headers().firstValue("Location")).as("relative, so it survives a proxy").hasValue("dashboard/");

        HttpResponse<String> index = get("/dashboard/");
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(index.headers().firstValue("Cache-Control")).hasValue("no-cache");
        assertThat(index.body()).contains("<script type=\"module\" src=\"app.js\">").doesNotContain("style=");

        assertThat(get("/dashboard/app.js").headers().firstValue("Content-Type"))
                .hasValue("text/javascript; charset=utf-8");
        assertThat(get("/dashboard/app.css").headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
        HttpResponse<String> uplot = get("/dashboard/vendor/uPlot.iife.min.js");
        assertThat(uplot.statusCode()).isEqualTo(200);
        assertThat(uplot.body()).contains("uPlot");
        assertThat(get("/dashboard/vendor/uPlot.min.css").headers().firstValue("Content-Type"))
                .hasValue("text/css; charset=utf-8");
        assertThat(postcard.send(HttpRequest.newBuilder(postcard.uri("/dashboard/app.js").resolve("/dashboard/"))
                .build()).statusCode()).as("outside the base path there is no dashboard").isEqualTo(404);
    }

    @Test
    void anUnchangedFileIsAnsweredWith304() {
        HttpResponse<String> first = get("/dashboard/app.js");
        String etag = first.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> again = postcard.send(HttpRequest.newBuilder(postcard.uri("/dashboard/app.js"))
                .header("If-None-Match", etag).build());
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(get("/dashboard/app.css").headers().firstValue("ETag")).isPresent().get().isNotEqualTo(etag);
    }

    @Test
    void onlyTheDashboardsOwnFilesAreServed() throws IOException {
        for (String path : List.of("/dashboard/nope.js", "/dashboard/pages", "/dashboard/pages/",
                "/dashboard/vendor/", "/dashboard/vendor/uPlot.esm.js", "/dashboard/index.html/",
                "/dashboard/%2e%2e/%2e%2e/pom.xml", "/dashboard/..%2f..%2fpom.xml",
                "/dashboard/../../pom.xml",
                "/dashboard/META-INF/MANIFEST.MF", "/dashboard/dev/postcard/http/PageRoutes.class")) {
            String answer = raw(path);
            assertThat(answer).as(path).startsWith("HTTP/1.1 404");
            assertThat(answer).as(path).contains("application/problem+json").doesNotContain("<project");
        }
    }

    @Test
    void theDashboardKnowsTheReasonTheApiGivesForAnEndpointAPersonDisabled() {
        String id = postcard.post("/v1/webhooks", "{\"url\": \"https://hooks.example.com/paused\","
                + " \"events\": [\"*\"], \"enabled\": false}", 201).path("id").asText();
        String read = postcard.get("/v1/webhooks/" + id).path("disabled_reason").asText();
        assertThat(read).isNotEmpty();
        // The dashboard shows every other reason as Postcard's own doing, in a banner.
        assertThat(get("/dashboard/webhook-health.js").body()).contains("const DISABLED_BY_USER = '" + read + "';");
    }

    private static HttpResponse<String> get(String path) {
        return postcard.send(HttpRequest.newBuilder(postcard.uri(path)).build());
    }

    /** Sends the path byte for byte, as a client that does not normalise {@code ..} would. */
    private static String raw(String path) throws IOException {
        String target = "/api" + path;
        try (Socket socket = new Socket("localhost", postcard.uri("/").getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
