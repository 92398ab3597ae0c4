package dev.postcard.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;

/** Assertions on RFC 9457 problem answers. */
final class Problems {
    private Problems() {
    }

    /** A problem JSON answer with this status, a title and a detail; returns its body. */
    static JsonNode assertProblem(HttpResponse<String> response, int status) {
        String what = response.request().method() + " " + response.uri() + " -> " + response.statusCode()
                + " " + response.body();
        assertThat(response.statusCode()).as(what).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).as(what)
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode body = TestServer.json(response);
        assertThat(body.path("status").asInt()).as(what).isEqualTo(status);
        assertThat(body.path("title").asText()).as(what).isNotBlank();
        assertThat(body.path("detail").asText()).as(what).isNotBlank();
        return body;
    }

    /** As {@link #assertProblem(HttpResponse, int)}, and the problem names {@code field}. */
    static JsonNode assertProblem(HttpResponse<String> response, int status, String field) {
        JsonNode body = assertProblem(response, status);
        assertThat(body.path("field").asText()).as("field of " + body).isEqualTo(field);
        return body;
    }
}
