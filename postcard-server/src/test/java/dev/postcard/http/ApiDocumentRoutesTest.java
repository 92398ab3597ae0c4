package dev.postcard.http;

import static dev.postcard.http.TestServer.ADMIN_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.testing.TestDatabases;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The API document describes the routes the server has: each route it registers is in the document, and each
 * operation of the document answers on a running server (neither 404, no such route, nor 405, no such method).
 */
class ApiDocumentRoutesTest {
    private static final String BASE_PATH = "/api";

    @Test
    void theDocumentDescribesExactlyTheRoutesTheServerRegisters() {
        try (TestServer server = start()) {
            Set<ApiContract.Operation> registered = server.server().routes().stream()
                    .map(route -> new ApiContract.Operation(route.method(), route.path()))
                    .collect(Collectors.toSet());
            Set<ApiContract.Operation> documented = ApiContract.of(server, BASE_PATH).operations();

            assertThat(registered).as("the server registers no routes? " + registered).hasSizeGreaterThan(40);
            assertThat(documented).as("routes the server answers that the document does not describe")
                    .containsAll(registered);
            assertThat(registered).as("operations the document describes that the server does not have")
                    .containsAll(documented);
        }
    }

    @Test
    void everyDocumentedOperationAnswersOnARunningServer() {
        try (TestServer server = start()) {
            ApiContract contract = ApiContract.of(server, BASE_PATH);
            ApiSamples samples = ApiSamples.create(server, contract);
            List<ApiContract.Operation> operations = new ArrayList<>(contract.operations());
            // Deletions last, so that every other operation finds the samples still there.
            operations.sort((a, b) -> Boolean.compare(a.method().equals("DELETE"), b.method().equals("DELETE")));
            HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            for (ApiContract.Operation operation : operations) {
                HttpRequest request = request(server, samples.fill(operation.path()), operation,
                        contract.operation(operation).has("requestBody"));
                int status = statusOf(client, request);
                assertThat(status).as(operation + " at " + request.uri() + " answered " + status)
                        .isNotIn(404, 405);
            }
        }
    }

    private static TestServer start() {
        return TestServer.start(TestServer.config(TestDatabases.freshSqliteUrl()).withBasePath(BASE_PATH));
    }

    /** The operation with the admin key, and a small JSON body when it takes one (its content is not the point). */
    private static HttpRequest request(TestServer server, String path, ApiContract.Operation operation,
                                       boolean hasBody) {
        HttpRequest.Builder request = server.request(path).header("Authorization", "Bearer " + ADMIN_KEY)
                .timeout(Duration.ofSeconds(30));
        if (hasBody) {
            return request.header("Content-Type", "application/json")
                    .method(operation.method(), HttpRequest.BodyPublishers.ofString("{}")).build();
        }
        return request.method(operation.method(), HttpRequest.BodyPublishers.noBody()).build();
    }

    /** The status alone: the body is left unread, so an event stream that stays open does not hold the test. */
    private static int statusOf(HttpClient client, HttpRequest request) {
        try {
            HttpResponse<InputStream> answer = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            answer.body().close();
            return answer.statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
