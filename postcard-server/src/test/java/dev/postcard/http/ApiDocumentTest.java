package dev.postcard.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.postcard.release.Release;
import dev.postcard.testing.TestDatabases;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** {@code GET /openapi.json} and {@code /openapi.yaml}: a valid OpenAPI 3.1 document, public, naming this server. */
class ApiDocumentTest {

    @Test
    void theDocumentIsValidOpenApi31AsJsonAndAsYaml() {
        try (TestServer server = start("")) {
            HttpResponse<String> json = server.get("/openapi.json");
            assertThat(json.statusCode()).as("no key needed").isEqualTo(200);
            assertThat(json.headers().firstValue("Content-Type")).hasValue("application/json");
            HttpResponse<String> yaml = server.get("/openapi.yaml");
            assertThat(yaml.statusCode()).isEqualTo(200);
            assertThat(yaml.headers().firstValue("Content-Type")).hasValue("application/yaml");

            for (HttpResponse<String> document : java.util.List.of(json, yaml)) {
                OpenAPI api = parse(document.body());
                assertThat(api.getOpenapi()).startsWith("3.1.");
                assertThat(api.getPaths()).containsKeys("/v1/webhooks", "/v1/events", "/track/open/{emailId}");
                assertThat(api.getComponents().getSecuritySchemes().get("apiKey").getScheme()).isEqualTo("bearer");
            }
            assertThat(readYaml(yaml.body())).as("the same document in both forms").isEqualTo(TestServer.json(json));
        }
    }

    @Test
    void serversNameTheBasePathAndInfoTheServersVersion() {
        try (TestServer server = start("/api")) {
            JsonNode document = TestServer.json(server.get("/openapi.json"));
            assertThat(document.at("/servers/0/url").asText()).isEqualTo("/api");
            assertThat(document.at("/info/version").asText()).isEqualTo(Release.version());
            assertThat(readYaml(server.get("/openapi.yaml").body()).at("/servers/0/url").asText()).isEqualTo("/api");
        }
        try (TestServer server = start("")) {
            assertThat(TestServer.json(server.get("/openapi.json")).at("/servers/0/url").asText()).isEqualTo("/");
        }
    }

    /** Parsed and checked by swagger-parser, every {@code $ref} resolved; any message it has fails the test. */
    private static OpenAPI parse(String document) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(document, null, options);
        assertThat(result.getMessages()).as("what the parser finds wrong").isEmpty();
        assertThat(result.getOpenAPI()).isNotNull();
        return result.getOpenAPI();
    }

    private static JsonNode readYaml(String text) {
        try {
            return new YAMLMapper().readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not YAML: " + text, e);
        }
    }

    private static TestServer start(String basePath) {
        return TestServer.start(TestServer.config(TestDatabases.freshSqliteUrl()).withBasePath(basePath));
    }
}
