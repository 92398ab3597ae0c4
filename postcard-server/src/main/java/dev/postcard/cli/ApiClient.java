package dev.postcard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postcard.event.EventCodec;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;

/** The CLI's view of a Postcard server: JSON over HTTP with the API key, problem JSON turned into messages. */
final class ApiClient {
    private final URI server;
    private final String apiKey;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    ApiClient(String server, String apiKey) {
        String base = server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
        this.server = URI.create(base);
        this.apiKey = apiKey;
    }

    JsonNode get(String path, Map<String, String> query) {
        return send(HttpRequest.newBuilder(uri(path, query)).GET());
    }

    JsonNode post(String path, JsonNode body) {
        return send(HttpRequest.newBuilder(uri(path, Map.of())).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    void delete(String path) {
        send(HttpRequest.newBuilder(uri(path, Map.of())).DELETE());
    }

    private URI uri(String path, Map<String, String> query) {
        StringJoiner q = new StringJoiner("&", "?", "").setEmptyValue("");
        query.forEach((k, v) -> q.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return URI.create(server + path + q);
    }

    private JsonNode send(HttpRequest.Builder request) {
        HttpResponse<String> response;
        try {
            response = http.send(request.header("Authorization", "Bearer " + apiKey)
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new CliException("cannot reach " + server + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
        JsonNode body = parse(response.body());
        if (response.statusCode() >= 400) {
            String detail = body.path("detail").asText(response.body());
            String field = body.path("field").asText("");
            throw new CliException(response.statusCode() + " " + body.path("title").asText("error") + ": " + detail
                    + (field.isEmpty() ? "" : " (" + field + ")"));
        }
        return body;
    }

    private static JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return EventCodec.MAPPER.createObjectNode();
        }
        try {
            return EventCodec.MAPPER.readTree(text);
        } catch (IOException e) {
            return EventCodec.MAPPER.createObjectNode().put("detail", text);
        }
    }
}
