package dev.postcard.sending.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postcard.sending.OutgoingMessage;
import dev.postcard.sending.Transport;
import dev.postcard.sending.TransportResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which transport answers for a message when several are configured. */
class FailoverTransportTest {
    /** A transport that answers what it is given and counts its calls. */
    private static final class Scripted implements Transport {
        private final String name;
        private final TransportResult answer;
        private final List<String> calls;
        private boolean closed;

        Scripted(String name, List<String> calls, TransportResult answer) {
            this.name = name;
            this.calls = calls;
            this.answer = answer;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public TransportResult send(OutgoingMessage message) {
            calls.add(name);
            return answer;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private final List<String> calls = new ArrayList<>();

    private Scripted unreachable(String name) {
        return new Scripted(name, calls, new TransportResult.TemporaryFailure(name, "unreachable: ConnectException: Connection refused",
                Optional.empty(), true));
    }

    private Scripted accepting(String name) {
        return new Scripted(name, calls, new TransportResult.Accepted(name, "200 {}", Optional.of(name + "-id")));
    }

    @Test
    void anUnreachableTransportPassesTheMessageToTheNext() {
        FailoverTransport failover = new FailoverTransport(List.of(unreachable("ses"), accepting("resend")));

        TransportResult result = failover.send(Fixtures.plainToOne());

        assertThat(result).isEqualTo(new TransportResult.Accepted("resend", "200 {}", Optional.of("resend-id")));
        assertThat(calls).containsExactly("ses", "resend");
        assertThat(failover.name()).isEqualTo("ses,resend");
    }

    @Test
    void aServerErrorOrAnSmtp421PassesItOnToo() {
        Scripted http503 = new Scripted("sendgrid", calls, new TransportResult.TemporaryFailure("sendgrid", "503 upstream down", Optional.empty(), true));
        Scripted smtp421 = new Scripted("smtp", calls, new TransportResult.TemporaryFailure("smtp",
                "421 4.3.2 Service shutting down", Optional.empty(), true));

        TransportResult result = new FailoverTransport(List.of(http503, smtp421, accepting("postmark"))).send(Fixtures.plainToOne());

        assertThat(result.transport()).isEqualTo("postmark");
        assertThat(calls).containsExactly("sendgrid", "smtp", "postmark");
    }

    @Test
    void anAcceptedMessageIsNeverSentAgain() {
        new FailoverTransport(List.of(accepting("ses"), accepting("resend"))).send(Fixtures.plainToOne());

        assertThat(calls).containsExactly("ses");
    }

    @Test
    void aRejectedRecipientOrAPermanentFailureIsTheAnswer() {
        Scripted rejecting = new Scripted("postmark", calls, new TransportResult.RecipientRejected("postmark", "422 {\"ErrorCode\":406}"));
        Scripted failing = new Scripted("sendgrid", calls, new TransportResult.PermanentFailure("sendgrid", "401 {}", "authentication_failed"));

        assertThat(new FailoverTransport(List.of(rejecting, accepting("ses"))).send(Fixtures.plainToOne()))
                .isInstanceOf(TransportResult.RecipientRejected.class);
        assertThat(new FailoverTransport(List.of(failing, accepting("ses"))).send(Fixtures.plainToOne()))
                .isInstanceOf(TransportResult.PermanentFailure.class);
        assertThat(calls).containsExactly("postmark", "sendgrid");
    }

    @Test
    void aRateLimitOrAnSmtp4xxForTheRecipientIsTheAnswer() {
        Scripted limited = new Scripted("resend", calls, new TransportResult.TemporaryFailure("resend", "429 {\"name\":\"rate_limit_exceeded\"}",
                Optional.of(Duration.ofSeconds(1))));
        Scripted greylisted = new Scripted("smtp", calls, new TransportResult.TemporaryFailure("smtp",
                "450 4.2.0 ada@example.org: Recipient address rejected: Greylisted", Optional.empty()));

        assertThat(new FailoverTransport(List.of(limited, accepting("ses"))).send(Fixtures.plainToOne()))
                .isInstanceOfSatisfying(TransportResult.TemporaryFailure.class, f -> assertThat(f.retryAfter()).contains(Duration.ofSeconds(1)));
        assertThat(new FailoverTransport(List.of(greylisted, accepting("ses"))).send(Fixtures.plainToOne()).transport()).isEqualTo("smtp");
        assertThat(calls).containsExactly("resend", "smtp");
    }

    @Test
    void whenEveryTransportIsDownTheLastOneAnswers() {
        TransportResult result = new FailoverTransport(List.of(unreachable("ses"), unreachable("mailgun"))).send(Fixtures.plainToOne());

        assertThat(result).isInstanceOf(TransportResult.TemporaryFailure.class);
        assertThat(result.transport()).isEqualTo("mailgun");
        assertThat(calls).containsExactly("ses", "mailgun");
    }

    @Test
    void realTransportsFailOverWhenTheFirstProviderIsDown() {
        try (LocalProvider down = new LocalProvider(); LocalProvider up = new LocalProvider()) {
            down.answer(502, "<html>Bad Gateway</html>", "Content-Type", "text/html");
            up.answer(200, "{\"id\":\"e-9\"}");

            TransportResult result = new FailoverTransport(List.of(
                    new SendGridTransport(Fixtures.client(), down.base(), "SG.key"),
                    new ResendTransport(Fixtures.client(), up.base(), "re_key"))).send(Fixtures.copyForAda());

            assertThat(result).isEqualTo(new TransportResult.Accepted("resend", "200 {\"id\":\"e-9\"}", Optional.of("e-9")));
            assertThat(down.requestCount()).isEqualTo(1);
            assertThat(up.requestCount()).isEqualTo(1);
        }
    }

    @Test
    void closesEveryTransport() {
        Scripted first = accepting("ses");
        Scripted second = accepting("resend");

        new FailoverTransport(List.of(first, second)).close();

        assertThat(first.closed).isTrue();
        assertThat(second.closed).isTrue();
    }

    @Test
    void needsATransport() {
        assertThatThrownBy(() -> new FailoverTransport(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
