package dev.postcard.delivery;

import static dev.postcard.delivery.Senders.BODY;
import static dev.postcard.delivery.Senders.EVENT_ID;
import static dev.postcard.delivery.Senders.EVENT_TYPE;
import static dev.postcard.delivery.Senders.local;
import static dev.postcard.delivery.Senders.signer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.delivery.AttemptOutcome.Delivered;
import dev.postcard.delivery.AttemptOutcome.Rejected;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookSenderResponseTest {
    private static final Instant NOW = Instant.parse("2026-11-22T10:30:00Z");

    private static AttemptOutcome sendTo(Receiver receiver) {
        return local().withClock(Clock.fixed(NOW, ZoneOffset.UTC))
                .send(receiver.endpoint("/hook"), signer(), EVENT_ID, EVENT_TYPE, BODY);
    }

    @Test
    void a2xxIsDeliveredWithTheResponseBodyAsExcerpt() {
        try (Receiver receiver = Receiver.http(Receiver.answering(202, "{\"queued\":true}", Map.of()))) {
            assertThat(sendTo(receiver)).isInstanceOfSatisfying(Delivered.class, delivered -> {
                assertThat(delivered.status()).isEqualTo(202);
                assertThat(delivered.excerpt()).isEqualTo("{\"queued\":true}");
                assertThat(delivered.latency()).isPositive();
            });
        }
    }

    @Test
    void theExcerptStopsAtOneKibibyte() {
        String large = "x".repeat(3000);
        try (Receiver receiver = Receiver.http(Receiver.answering(200, large, Map.of()))) {
            assertThat(sendTo(receiver)).isInstanceOfSatisfying(Delivered.class,
                    delivered -> assertThat(delivered.excerpt()).isEqualTo("x".repeat(1024)));
        }
    }

    @Test
    void aChunkedResponseBodyIsDecodedForTheExcerpt() {
        Receiver.Responder chunked = exchange -> {
            exchange.sendResponseHeaders(200, 0); // length 0: the JDK server sends chunks
            try (OutputStream out = exchange.getResponseBody()) {
                for (String part : new String[] {"thanks, ", "got ", "it"}) {
                    out.write(part.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            }
        };
        try (Receiver receiver = Receiver.http(chunked)) {
            assertThat(sendTo(receiver)).isInstanceOfSatisfying(Delivered.class,
                    delivered -> assertThat(delivered.excerpt()).isEqualTo("thanks, got it"));
        }
    }

    @Test
    void aLongChunkedResponseBodyIsCutAtOneKibibyte() {
        Receiver.Responder chunked = exchange -> {
            exchange.sendResponseHeaders(500, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 10; i++) {
                    out.write("abcdefghij".repeat(30).getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            }
        };
        try (Receiver receiver = Receiver.http(chunked)) {
            assertThat(sendTo(receiver)).isInstanceOfSatisfying(Rejected.class,
                    rejected -> assertThat(rejected.excerpt()).isEqualTo("abcdefghij".repeat(300).substring(0, 1024)));
        }
    }

    @Test
    void a500IsRejectedWithItsBodyAndNoRetryAfterEvenWhenOneIsSent() {
        try (Receiver receiver = Receiver.http(Receiver.answering(500, "boom", Map.of("Retry-After", "60")))) {
            assertThat(sendTo(receiver)).isInstanceOfSatisfying(Rejected.class, rejected -> {
                assertThat(rejected.status()).isEqualTo(500);
                assertThat(rejected.excerpt()).isEqualTo("boom");
                assertThat(rejected.retryAfter()).isEmpty();
                assertThat(rejected.gone()).isFalse();
            });
        }
    }

    @Test
    void a410IsRejectedAsGone() {
        try (Receiver receiver = Receiver.http(Receiver.answering(410, "endpoint removed", Map.of()))) {
            assertThat(sendTo(receiver)).isInstanceOfSatisfying(Rejected.class, rejected -> {
                assertThat(rejected.status()).isEqualTo(410);
                assertThat(rejected.gone()).isTrue();
                assertThat(rejected.excerpt()).isEqualTo("endpoint removed");
            });
        }
    }

    @Test
    void a429CarriesRetryAfterGivenInSeconds() {
        try (Receiver receiver = Receiver.http(Receiver.answering(429, "slow down", Map.of("Retry-After", "120")))) {
            assertThat(sendTo(receiver)).isInstanceOfSatisfying(Rejected.class, rejected -> {
                assertThat(rejected.status()).isEqualTo(429);
                assertThat(rejected.retryAfter()).contains(Duration.ofSeconds(120));
            });
        }
    }

    @Test
    void a503CarriesRetryAfterGivenAsAnHttpDate() {
        String inFiveMinutes = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(300).atOffset(ZoneOffset.UTC));
        try (Receiver receiver = Receiver.http(Receiver.answering(503, "", Map.of("Retry-After", inFiveMinutes)))) {
            assertThat(sendTo(receiver)).isInstanceOfSatisfying(Rejected.class, rejected -> {
                assertThat(rejected.status()).isEqualTo(503);
                assertThat(rejected.retryAfter()).contains(Duration.ofMinutes(5));
                assertThat(rejected.excerpt()).isEmpty();
            });
        }
    }

    @Test
    void aRedirectIsRejectedAndItsLocationIsNeverFetched() {
        try (Receiver receiver = Receiver.http(exchange -> {
            if (exchange.getRequestURI().getPath().equals("/hook")) {
                exchange.getResponseHeaders().add("Location", "/elsewhere");
                exchange.sendResponseHeaders(302, -1);
            } else {
                exchange.sendResponseHeaders(200, -1);
            }
        })) {
            assertThat(sendTo(receiver)).isInstanceOfSatisfying(Rejected.class,
                    rejected -> assertThat(rejected.status()).isEqualTo(302));
            assertThat(receiver.requests()).extracting(Receiver.Request::target).containsExactly("/hook");
        }
    }
}
