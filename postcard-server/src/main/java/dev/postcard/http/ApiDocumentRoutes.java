package dev.postcard.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;

/** {@code GET /openapi.json} and {@code GET /openapi.yaml}: the API document, public like the reference page. */
final class ApiDocumentRoutes {
    private final ApiDocument document;

    ApiDocumentRoutes(ApiDocument document) {
        this.document = document;
    }

    void register(Routes routes) {
        routes.path("/openapi.json").get((req, res) -> send(res, "application/json", document.json())).done();
        // RFC 9512's media type for YAML.
        routes.path("/openapi.yaml").get((req, res) -> send(res, "application/yaml", document.yaml())).done();
    }

    private static void send(ServerResponse res, String contentType, byte[] body) {
        res.header(HeaderNames.CONTENT_TYPE, contentType);
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        res.send(body);
    }
}
