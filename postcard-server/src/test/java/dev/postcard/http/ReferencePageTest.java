package dev.postcard.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.testing.TestDatabases;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

/** {@code /docs}: the API reference page, all of it served by this server, under its base path. */
class ReferencePageTest {
    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    @Test
    void thePageAndEverythingItLoadsComeFromThisServer() {
        try (TestServer server = start()) {
            HttpResponse<String> bare = server.get("/docs");
            assertThat(bare.statusCode()).isEqualTo(301);
            assertThat(bare.headers().firstValue("Location")).as("relative, so it survives a proxy").hasValue("docs/");

            URI pageUri = server.uri("/docs/");
            HttpResponse<String> page = server.send(HttpRequest.newBuilder(pageUri).GET().build());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
            assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue(CSP);
            Document html = Jsoup.parse(page.body(), pageUri.toString());
            assertThat(html.select("script:not([src])")).as("no inline script: the policy would block it").isEmpty();
            assertThat(html.select("[style]")).as("no inline style").isEmpty();

            List<Element> references = html.select("script[src], link[href], img[src]");
            assertThat(references).extracting(e -> e.hasAttr("src") ? e.attr("src") : e.attr("href"))
                    .contains("swagger-ui-bundle.js", "reference.js", "swagger-ui.css")
                    .allSatisfy(reference -> assertThat(reference).as("same origin, relative")
                            .doesNotContain(":").doesNotStartWith("/"));
            for (Element reference : references) {
                URI asset = URI.create(reference.absUrl(reference.hasAttr("src") ? "src" : "href"));
                HttpResponse<String> answer = server.send(HttpRequest.newBuilder(asset).GET().build());
                assertThat(answer.statusCode()).as(asset.toString()).isEqualTo(200);
                assertThat(answer.headers().firstValue("Content-Security-Policy")).as(asset.toString()).hasValue(CSP);
            }
        }
    }

    @Test
    void theStartScriptShowsThisServersDocumentWithoutTheOutsideValidator() {
        try (TestServer server = start()) {
            String script = server.get("/docs/reference.js").body();
            assertThat(script).contains("validatorUrl: null").contains("url: \"../openapi.json\"");
            URI document = server.uri("/docs/reference.js").resolve("../openapi.json");
            assertThat(document.getPath()).as("the document under the base path").isEqualTo("/api/openapi.json");
            HttpResponse<String> answer = server.send(HttpRequest.newBuilder(document).GET().build());
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(TestServer.json(answer).path("openapi").asText()).startsWith("3.1");
        }
    }

    @Test
    void aFileThatIsNotThePagesIsNotFoundAndOtherMethodsAreRefused() {
        try (TestServer server = start()) {
            Problems.assertProblem(server.get("/docs/swagger-initializer.js"), 404);
            HttpResponse<String> posted = server.send(server.request("/docs/reference.js")
                    .POST(HttpRequest.BodyPublishers.noBody()).build());
            Problems.assertProblem(posted, 405);
            assertThat(posted.headers().firstValue("Content-Security-Policy")).hasValue(CSP);
            Problems.assertProblem(server.send(HttpRequest.newBuilder(server.rootUri("/docs/")).GET().build()), 404);
        }
    }

    private static TestServer start() {
        return TestServer.start(TestServer.config(TestDatabases.freshSqliteUrl()).withBasePath("/api"));
    }
}
