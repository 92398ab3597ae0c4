package dev.postcard.sending.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;

/**
 * The one HTTP client every API transport shares, so all of them draw on one connection pool.
 *
 * <p>Redirects are not followed (a provider's API never redirects a send; following one would carry the
 * credentials elsewhere) and OkHttp never retries on its own: a POST that may have reached the provider must not
 * be repeated silently, since the send queue decides about retries and counts them. Only the first
 * {@link #EXCERPT_LIMIT} bytes of an answer are read.
 */
final class ApiClient {
    static final int EXCERPT_LIMIT = 1024;
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** A send with large attachments takes a while to upload; the whole call is still bounded. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

    private static final ApiClient SHARED = new ApiClient(new OkHttpClient.Builder()
            .connectTimeout(CONNECT_TIMEOUT)
            .readTimeout(Duration.ofSeconds(30))
            .writeTimeout(Duration.ofSeconds(30))
            .callTimeout(CALL_TIMEOUT)
            .followRedirects(false)
            .followSslRedirects(false)
            .retryOnConnectionFailure(false)
            .build(), Clock.systemUTC());

    private final OkHttpClient http;
    private final Clock clock;

    ApiClient(OkHttpClient http, Clock clock) {
        this.http = Objects.requireNonNull(http, "http");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    static ApiClient shared() {
        return SHARED;
    }

    /** The clock {@code Retry-After} dates are measured against. */
    Clock clock() {
        return clock;
    }

    /** Makes the call; never throws for what the network or the provider does. */
    Reply call(Request request) {
        try (Response response = http.newCall(request).execute()) {
            return new Reply.Answered(response.code(), response.headers(), excerpt(response.body()));
        } catch (InterruptedIOException e) {
            return new Reply.Unreachable(Outcomes.UNREACHABLE + " timed out (" + e.getClass().getSimpleName() + ")");
        } catch (IOException e) {
            // The message names a host or an address, never the request's headers.
            return new Reply.Unreachable(Outcomes.UNREACHABLE + " " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    private static String excerpt(ResponseBody body) throws IOException {
        BufferedSource source = body.source();
        source.request(EXCERPT_LIMIT);
        Buffer buffer = source.getBuffer();
        return buffer.readString(Math.min(buffer.size(), EXCERPT_LIMIT), StandardCharsets.UTF_8);
    }
}
