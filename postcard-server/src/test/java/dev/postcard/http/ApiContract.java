package dev.postcard.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.net.http.HttpResponse;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The API document as the server serves it, read the way a client reads it: which operations it describes, and
 * whether a real answer is one the document announces (a documented status and media type, and a body that meets
 * the schema given for them, checked by a JSON Schema 2020-12 validator).
 */
final class ApiContract {
    /** The name the document is known by to the validator, so its {@code $ref}s resolve inside it. */
    private static final String IRI = "https://postcard.test/openapi.json";
    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "options", "head", "patch",
            "trace");

    /** One operation: {@code GET} on {@code /v1/webhooks/{id}}. */
    record Operation(String method, String path) {
    }

    private final JsonNode document;
    private final String basePath;
    private final JsonSchemaFactory schemas;
    private final SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true)
            .build();

    private ApiContract(String text, String basePath) {
        this.document = TestServer.json(text);
        this.basePath = basePath;
        this.schemas = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
                builder -> builder.schemaLoaders(loaders -> loaders.schemas(Map.of(IRI, text))));
    }

    /** The document {@code server} serves at {@code /openapi.json}; {@code basePath} is the server's. */
    static ApiContract of(TestServer server, String basePath) {
        HttpResponse<String> answer = server.get("/openapi.json");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return new ApiContract(answer.body(), basePath);
    }

    JsonNode document() {
        return document;
    }

    Set<Operation> operations() {
        Set<Operation> operations = new LinkedHashSet<>();
        document.path("paths").properties().forEach(path -> METHODS.stream()
                .filter(method -> path.getValue().has(method))
                .forEach(method -> operations.add(new Operation(method.toUpperCase(Locale.ROOT), path.getKey()))));
        return operations;
    }

    /** The operation's object in the document. */
    JsonNode operation(Operation operation) {
        return document.path("paths").path(operation.path()).path(operation.method().toLowerCase(Locale.ROOT));
    }

    /**
     * Asserts that the document announces this answer: its path falls under a documented path, the request's
     * method is documented there, the status (or {@code default}) is among the operation's responses, the
     * media type among that response's, and the body meets the schema given for it.
     */
    void assertConforms(HttpResponse<String> answer) {
        assertConforms(answer.request().method(), answer.uri().getRawPath(), answer.statusCode(),
                answer.headers().firstValue("Content-Type"), answer.body());
    }

    /** The same for an answer read off a socket ({@link RawHttp}). */
    void assertConforms(String requestMethod, String path, RawHttp.Answer answer) {
        Optional<String> contentType = answer.headers().lines()
                .filter(line -> line.toLowerCase(Locale.ROOT).startsWith("content-type:"))
                .map(line -> line.substring("content-type:".length()).strip()).findFirst();
        assertConforms(requestMethod, path, answer.status(), contentType, answer.body());
    }

    private void assertConforms(String requestMethod, String path, int statusCode, Optional<String> contentType,
                                String body) {
        String what = requestMethod + " " + path + " -> " + statusCode + " " + body;
        assertThat(path).as(what).startsWith(basePath);
        String template = template(path.substring(basePath.length()))
                .orElseThrow(() -> new AssertionError("no documented path matches " + what));
        String method = requestMethod.toLowerCase(Locale.ROOT);
        JsonNode operation = document.path("paths").path(template).path(method);
        assertThat(operation.isObject()).as(method + " is not documented on " + template + ": " + what).isTrue();
        String status = String.valueOf(statusCode);
        String responsePointer = pointer("paths", template, method, "responses",
                operation.path("responses").has(status) ? status : "default");
        JsonNode response = at(responsePointer);
        assertThat(response.isMissingNode()).as("status " + status + " is not documented: " + what).isFalse();
        if (response.has("$ref")) {
            responsePointer = response.get("$ref").asText().substring(1);
            response = at(responsePointer);
        }
        Optional<String> mediaType = contentType.map(type -> type.split(";")[0].strip().toLowerCase(Locale.ROOT));
        if (mediaType.isEmpty() || body.isEmpty()) {
            return; // nothing to check against a schema: a 204, a HEAD, a redirect
        }
        JsonNode content = response.path("content").path(mediaType.get());
        assertThat(content.isObject()).as("media type " + mediaType.get() + " is not documented for " + status
                + " (" + responsePointer + "): " + what).isTrue();
        if (content.has("schema") && (mediaType.get().endsWith("json"))) {
            JsonSchema schema = schemas.getSchema(SchemaLocation.of(IRI + "#" + responsePointer + "/content/"
                    + escape(mediaType.get()) + "/schema"), config);
            Set<ValidationMessage> errors = schema.validate(TestServer.json(body));
            assertThat(errors).as("the answer does not meet the schema of " + responsePointer + ": " + what).isEmpty();
        }
    }

    /** The documented path that {@code path} falls under; a literal segment wins over a parameter. */
    Optional<String> template(String path) {
        return document.path("paths").propertyStream().map(Map.Entry::getKey)
                .filter(template -> regex(template).matcher(path).matches())
                .min(Comparator.comparingLong((String template) -> template.chars().filter(c -> c == '{').count()));
    }

    private static Pattern regex(String template) {
        StringBuilder regex = new StringBuilder();
        for (String part : template.split("\\{[^}]+}", -1)) {
            if (!regex.isEmpty()) {
                regex.append("[^/]+");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString());
    }

    private JsonNode at(String pointer) {
        return document.at(pointer);
    }

    private static String pointer(String... parts) {
        StringBuilder pointer = new StringBuilder();
        for (String part : parts) {
            pointer.append('/').append(escape(part));
        }
        return pointer.toString();
    }

    /** A JSON pointer token (RFC 6901). */
    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }
}
