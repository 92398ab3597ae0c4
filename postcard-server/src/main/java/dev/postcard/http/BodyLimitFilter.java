package dev.postcard.http;

import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Refuses a declared body over the limit on every route before any handler runs. The connection is left to the
 * web server (which discards the unread body or closes): closing it here while the client is still uploading
 * sends a TCP reset that can destroy the 413 before the client reads it. Undeclared (chunked) bodies are
 * counted by {@link RequestBodies} as they are read.
 */
final class BodyLimitFilter implements Filter {
    private final long maxBytes;

    BodyLimitFilter(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        if (RequestBodies.declaredLength(req.headers()) > maxBytes && !isSuppressionImport(req)) {
            HttpProblem tooLarge = HttpProblem.tooLarge(maxBytes);
            ProblemHandlers.send(res, 413, tooLarge.title(), tooLarge.getMessage(), null);
            return;
        }
        chain.proceed();
    }

    /** A CSV import of suppressions is streamed in batches, so it may be of any size. */
    private static boolean isSuppressionImport(RoutingRequest req) {
        return req.prologue().method() == io.helidon.http.Method.POST && req.path().path().endsWith("/v1/suppressions")
                && req.headers().contentType().map(t -> t.mediaType().text().equalsIgnoreCase("text/csv")).orElse(false);
    }
}
