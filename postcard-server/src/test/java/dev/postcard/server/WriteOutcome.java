package dev.postcard.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What one {@code POST /v1/events} of a load got: an answer, or none ({@code error}: the connection broke or the
 * request timed out). {@code sentAt} and {@code answeredAt} are {@link System#nanoTime()} readings, to tell which
 * requests lay wholly inside a fault.
 */
record WriteOutcome(String id, long sentAt, long answeredAt, int status, String body, Optional<String> contentType,
        Optional<String> retryAfter, Optional<String> error) {

    static WriteOutcome of(String id, long sentAt, HttpResponse<String> response) {
        return new WriteOutcome(id, sentAt, System.nanoTime(), response.statusCode(), response.body(),
                response.headers().firstValue("Content-Type"), response.headers().firstValue("Retry-After"),
                Optional.empty());
    }

    static WriteOutcome failed(String id, long sentAt, Exception e) {
        return new WriteOutcome(id, sentAt, System.nanoTime(), 0, "", Optional.empty(), Optional.empty(),
                Optional.of(e.toString()));
    }

    /** The ids of the writes acknowledged ({@code true}) or not. */
    static Set<String> ids(List<WriteOutcome> outcomes, boolean acknowledged) {
        return outcomes.stream().filter(o -> o.acknowledged() == acknowledged).map(WriteOutcome::id)
                .collect(Collectors.toSet());
    }

    /** Every acknowledged event is stored and no refused one is, as the server reads them back. */
    static void assertStoredAsAnswered(AdminApi api, Set<String> acknowledged, Set<String> refused) {
        List<String> lost = acknowledged.stream().filter(id -> status(api, id) != 200).toList();
        List<String> storedThoughRefused = refused.stream().filter(id -> status(api, id) != 404).toList();
        assertThat(lost).as("acknowledged but not stored").isEmpty();
        assertThat(storedThoughRefused).as("refused but stored").isEmpty();
    }

    private static int status(AdminApi api, String eventId) {
        try {
            return api.get("/v1/events/" + eventId).statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    boolean acknowledged() {
        return status == 201;
    }

    /** Refused as the storage-unavailable path refuses: 503 problem JSON that says when to retry. */
    boolean refusedForLater() {
        return status == 503 && contentType.equals(Optional.of("application/problem+json")) && retryAfter.isPresent();
    }

    /** Sent after {@code from} and answered before {@code to} ({@link System#nanoTime()} readings). */
    boolean within(long from, long to) {
        return sentAt - from > 0 && to - answeredAt > 0;
    }

    @Override
    public String toString() {
        return id + ": " + error.orElse(status + " " + contentType.orElse("-") + " " + body);
    }
}
