package dev.postcard.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What a tenant can read back (its events and API keys) and the tenant list: a rejected request must leave
 * all of it as it was.
 */
record StoredState(List<String> reads) {

    static StoredState of(TestServer server, String key) {
        List<String> reads = new ArrayList<>();
        for (String path : List.of("/v1/events?limit=500", "/v1/api-keys?limit=500")) {
            reads.add(body(server.get(path, key)));
        }
        reads.add(body(server.get("/v1/tenants?limit=500", TestServer.ADMIN_KEY)));
        return new StoredState(reads);
    }

    /** Runs {@code rejected}, checks its answer with {@code check}, and that nothing readable changed. */
    static <T> T assertUnchanged(TestServer server, String key, Supplier<T> rejected, Consumer<T> check) {
        StoredState before = of(server, key);
        T answer = rejected.get();
        check.accept(answer);
        assertThat(of(server, key)).as("stored data after a rejected request").isEqualTo(before);
        return answer;
    }

    private static String body(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }
}
