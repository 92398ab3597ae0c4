package dev.postcard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postcard.event.EventCodec;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;

/**
 * The CLI's view of a Postcard server: JSON over HTTP with the API key (and {@code X-Tenant-ID} when a tenant is
 * chosen); problem JSON and transport failures become a {@link CliException} with the matching exit status.
 */
final class ApiClient {
    private final URI server;
    private final String apiKey;
    private final Optional<String> tenant;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    ApiClient(String server, String apiKey, Optional<String> tenant) {
        String base = server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
        try {
            this.server = URI.create(base);
        } catch (IllegalArgumentException e) {
            throw new CliException("--server is not a URL: " + server, ExitCodes.USAGE);
        }
        if (this.server.getScheme() == null || this.server.getHost() == null
                || !this.server.getScheme().matches("https?")) {
            throw new CliException("--server must be an http:// or https:// URL, not " + server, ExitCodes.USAGE);
        }
        this.apiKey = apiKey;
        this.tenant = tenant;
    }

    URI server() {
        return server;
    }

    JsonNode get(String path, Map<String, String> query) {
        return json(send(request(path, query).GET(), HttpResponse.BodyHandlers.ofString()));
    }

    JsonNode post(String path, JsonNode body) {
        return json(send(request(path, Map.of()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())), HttpResponse.BodyHandlers.ofString()));
    }

    /** A POST with extra request headers (an {@code Idempotency-Key}). */
    JsonNode post(String path, JsonNode body, Map<String, String> headers) {
        HttpRequest.Builder request = request(path, Map.of()).header("Content-Type", "application/json");
        headers.forEach(request::header);
        return json(send(request.POST(HttpRequest.BodyPublishers.ofString(body.toString())),
                HttpResponse.BodyHandlers.ofString()));
    }

    /** A DELETE whose answer carries the changed resource. */
    JsonNode deleteReading(String path) {
        return json(send(request(path, Map.of()).DELETE(), HttpResponse.BodyHandlers.ofString()));
    }

    JsonNode patch(String path, JsonNode body) {
        return json(send(request(path, Map.of()).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body.toString())),
                HttpResponse.BodyHandlers.ofString()));
    }

    void delete(String path) {
        json(send(request(path, Map.of()).DELETE(), HttpResponse.BodyHandlers.ofString()));
    }

    /** Posts a body read as it is sent (a CSV import may be larger than memory), with this content type. */
    JsonNode postStream(String path, String contentType, Supplier<InputStream> body) {
        return json(send(request(path, Map.of()).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofInputStream(body)), HttpResponse.BodyHandlers.ofString()));
    }

    /** A body that is not JSON (a CSV export), as a stream for the caller to copy and close; errors as usual. */
    InputStream getStream(String path, Map<String, String> query, String accept) {
        HttpResponse<InputStream> response = send(request(path, query).header("Accept", accept).GET(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() >= 400) {
            try (InputStream body = response.body()) {
                throw failure(response.statusCode(), parse(new String(body.readAllBytes(), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw unreachable(e);
            }
        }
        return response.body();
    }

    /** Up to {@code limit} items of a paged list, following {@code next_cursor}. */
    List<JsonNode> list(String path, Map<String, String> query, int limit) {
        return list(path, query, limit, 500);
    }

    /** As {@link #list(String, Map, int)}, for a list whose pages hold at most {@code pageSize} items. */
    List<JsonNode> list(String path, Map<String, String> query, int limit, int pageSize) {
        List<JsonNode> items = new ArrayList<>();
        String cursor = null;
        do {
            Map<String, String> page = new LinkedHashMap<>(query);
            page.put("limit", String.valueOf(Math.max(1, Math.min(pageSize, limit - items.size()))));
            if (cursor != null) {
                page.put("cursor", cursor);
            }
            JsonNode body = get(path, page);
            for (JsonNode item : body.path("data")) {
                if (items.size() < limit) {
                    items.add(item);
                }
            }
            cursor = body.path("next_cursor").isTextual() ? body.path("next_cursor").asText() : null;
        } while (cursor != null && items.size() < limit);
        return items;
    }

    /** A request with the key and tenant; for callers that read the answer their own way (the event stream). */
    HttpRequest.Builder request(String path, Map<String, String> query) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path, query)).header("Authorization", "Bearer " + apiKey);
        tenant.ifPresent(t -> request.header("X-Tenant-ID", t));
        return request;
    }

    HttpClient http() {
        return http;
    }

    /** {@code text} as one path segment. */
    static String segment(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private URI uri(String path, Map<String, String> query) {
        StringJoiner q = new StringJoiner("&", "?", "").setEmptyValue("");
        query.forEach((k, v) -> q.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return URI.create(server + path + q);
    }

    private <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(60)).build(), handler);
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
    }

    private static JsonNode json(HttpResponse<String> response) {
        JsonNode body = parse(response.body());
        if (response.statusCode() >= 400) {
            throw failure(response.statusCode(), body);
        }
        return body;
    }

    /** {@code 404 Not Found: no source src_1 (id)}: the status, the problem's title, detail and field. */
    static CliException failure(int status, JsonNode problem) {
        String detail = problem.path("detail").asText("");
        String field = problem.path("field").asText("");
        String title = problem.path("title").asText("error");
        return new CliException(status + " " + title + (detail.isEmpty() ? "" : ": " + detail)
                + (field.isEmpty() ? "" : " (" + field + ")"), ExitCodes.ofHttpStatus(status));
    }

    /** {@code cannot reach http://localhost:8080: connection refused}, with exit status 4. */
    CliException unreachable(IOException e) {
        return new CliException("cannot reach " + server + ": " + TransportWords.of(e), ExitCodes.UNREACHABLE);
    }

    private static JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return EventCodec.MAPPER.createObjectNode();
        }
        try {
            return EventCodec.MAPPER.readTree(text);
        } catch (IOException e) {
            return EventCodec.MAPPER.createObjectNode().put("detail", text.strip());
        }
    }

    /** Words for why a connection failed: the JDK's exceptions often carry no message at all. */
    static final class TransportWords {
        private TransportWords() {
        }

        static String of(Throwable e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                String words = switch (t) {
                    case HttpConnectTimeoutException x -> "connection timed out";
                    case HttpTimeoutException x -> "no answer in time";
                    case ConnectException x -> "connection refused";
                    case UnknownHostException x -> "unknown host";
                    case UnresolvedAddressException x -> "unknown host";
                    case SSLException x -> "TLS failed";
                    case EOFException x -> "connection closed";
                    default -> null;
                };
                if (words != null) {
                    return words;
                }
            }
            String message = e.getMessage();
            return message == null || message.isBlank() ? "connection failed" : message;
        }
    }
}
