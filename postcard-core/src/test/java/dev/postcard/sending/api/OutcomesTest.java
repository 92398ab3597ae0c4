package dev.postcard.sending.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.sending.TransportResult;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

/** The rules every API transport shares, seen through one of them against a local stand-in. */
class OutcomesTest {
    private static TransportResult sendThrough(LocalProvider provider) {
        return new SendGridTransport(Fixtures.client(), provider.base(), "SG.key").send(Fixtures.copyForAda());
    }

    @Test
    void aServerErrorIsTemporaryAndMovesFailoverOn() {
        try (LocalProvider provider = new LocalProvider()) {
            provider.answer(503, "{\"errors\":[{\"message\":\"Service Unavailable\"}]}");

            TransportResult result = sendThrough(provider);

            assertThat(result).isInstanceOfSatisfying(TransportResult.TemporaryFailure.class, f -> {
                assertThat(f.response()).startsWith("503 ");
                assertThat(f.retryAfter()).isEmpty();
                assertThat(FailoverTransport.movesOn(f)).isTrue();
            });
        }
    }

    @Test
    void retryAfterAsAnHttpDateIsMeasuredFromTheClock() {
        try (LocalProvider provider = new LocalProvider()) {
            // Fixtures.NOW is 2026-03-02T10:15:30Z.
            provider.answer(429, "{\"errors\":[{\"message\":\"too many requests\"}]}", "Retry-After", "Mon, 02 Mar 2026 10:17:00 GMT");

            assertThat(sendThrough(provider)).isInstanceOfSatisfying(TransportResult.TemporaryFailure.class, f -> {
                assertThat(f.retryAfter()).contains(Duration.ofSeconds(90));
                assertThat(FailoverTransport.movesOn(f)).as("a rate limit is this provider's answer, not an outage").isFalse();
            });
        }
    }

    @Test
    void anUnreadableOrPastRetryAfterIsIgnoredAndAHugeOneIsCapped() {
        try (LocalProvider provider = new LocalProvider()) {
            provider.answer(429, "{}", "Retry-After", "soon");
            provider.answer(429, "{}", "Retry-After", "Mon, 02 Mar 2026 09:00:00 GMT");
            provider.answer(429, "{}", "Retry-After", "999999");

            assertThat(((TransportResult.TemporaryFailure) sendThrough(provider)).retryAfter()).isEmpty();
            assertThat(((TransportResult.TemporaryFailure) sendThrough(provider)).retryAfter()).isEmpty();
            assertThat(((TransportResult.TemporaryFailure) sendThrough(provider)).retryAfter()).contains(Outcomes.MAX_RETRY_AFTER);
        }
    }

    @Test
    void unauthorizedFailsForGoodAsAuthentication() {
        try (LocalProvider provider = new LocalProvider()) {
            provider.answer(401, "{\"errors\":[{\"field\":null,\"message\":\"The provided authorization grant is invalid, expired, or revoked\"}]}");

            assertThat(sendThrough(provider)).isInstanceOfSatisfying(TransportResult.PermanentFailure.class,
                    f -> assertThat(f.reason()).isEqualTo("authentication_failed"));
        }
    }

    @Test
    void aProviderThatCannotBeReachedIsTemporaryAndMovesFailoverOn() {
        HttpUrl closed;
        try (LocalProvider provider = new LocalProvider()) {
            closed = provider.base();
        }
        TransportResult result = new ResendTransport(Fixtures.client(), closed, "re_key").send(Fixtures.copyForAda());

        assertThat(result).isInstanceOfSatisfying(TransportResult.TemporaryFailure.class, f -> {
            assertThat(f.response()).startsWith("unreachable:").doesNotContain("re_key");
            assertThat(FailoverTransport.movesOn(f)).isTrue();
        });
    }

    @Test
    void anAnswerThatDoesNotComeInTimeIsTemporary() {
        try (LocalProvider provider = new LocalProvider()) {
            provider.enqueue(new MockResponse.Builder().code(200).body("{}").headersDelay(3, TimeUnit.SECONDS).build());

            assertThat(sendThrough(provider)).isInstanceOfSatisfying(TransportResult.TemporaryFailure.class,
                    f -> assertThat(f.response()).startsWith("unreachable: timed out"));
        }
    }

    @Test
    void aLongAnswerIsKeptToOneKibibyte() {
        try (LocalProvider provider = new LocalProvider()) {
            provider.answer(400, "{\"errors\":[{\"message\":\"" + "x".repeat(5000) + "\"}]}");

            assertThat(sendThrough(provider)).isInstanceOfSatisfying(TransportResult.PermanentFailure.class, f -> {
                assertThat(f.reason()).isEqualTo("rejected");
                assertThat(f.response()).hasSize(1024).startsWith("400 {\"errors\"");
            });
        }
    }

    @Test
    void aRedirectIsNotFollowed() {
        try (LocalProvider provider = new LocalProvider(); LocalProvider elsewhere = new LocalProvider()) {
            provider.answer(307, "", "Location", elsewhere.base().toString());

            assertThat(sendThrough(provider)).isInstanceOf(TransportResult.PermanentFailure.class);
            assertThat(elsewhere.requestCount()).as("the key never goes to the redirect's target").isZero();
        }
    }
}
