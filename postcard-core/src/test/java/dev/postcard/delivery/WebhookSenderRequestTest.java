package dev.postcard.delivery;

import static dev.postcard.delivery.Senders.BODY;
import static dev.postcard.delivery.Senders.ENVELOPE;
import static dev.postcard.delivery.Senders.EVENT_ID;
import static dev.postcard.delivery.Senders.EVENT_TYPE;
import static dev.postcard.delivery.Senders.PREVIOUS_SECRET;
import static dev.postcard.delivery.Senders.SECRET;
import static dev.postcard.delivery.Senders.local;
import static dev.postcard.delivery.Senders.signer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postcard.verify.WebhookSigner;
import dev.postcard.verify.WebhookVerifier;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class WebhookSenderRequestTest {

    @Test
    void postsTheEnvelopeByteForByteWithTheContractHeaders() {
        try (Receiver receiver = Receiver.http(Receiver.answering(204))) {
            AttemptOutcome outcome = local().send(receiver.endpoint("/hooks/in?team=7"), signer(), EVENT_ID, EVENT_TYPE, BODY);

            assertThat(outcome).isInstanceOf(AttemptOutcome.Delivered.class);
            Receiver.Request request = receiver.onlyRequest();
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.target()).isEqualTo("/hooks/in?team=7");
            assertThat(request.body()).isEqualTo(BODY);
            assertThat(request.header("Host")).isEqualTo("127.0.0.1:" + receiver.port());
            assertThat(request.header("Content-Type")).isEqualTo("application/json");
            assertThat(request.header("Content-Length")).isEqualTo(Integer.toString(BODY.length));
            assertThat(request.header("User-Agent")).startsWith("Postcard/").isEqualTo(WebhookSender.USER_AGENT);
            assertThat(request.header("X-Postcard-Event")).isEqualTo(EVENT_TYPE);
            assertThat(request.header("webhook-id")).isEqualTo(EVENT_ID);
            assertThat(request.header("Connection")).as("kept for the next webhook").isEqualTo("Keep-Alive");
            assertThat(request.header("Accept-Encoding")).isNull();
        }
    }

    @Test
    void theSignaturesVerifyWithPostcardVerify() {
        try (Receiver receiver = Receiver.http(Receiver.answering(200))) {
            local().send(receiver.endpoint("/"), signer(), EVENT_ID, EVENT_TYPE, BODY);

            Receiver.Request request = receiver.onlyRequest();
            WebhookVerifier verifier = WebhookVerifier.of(SECRET);
            assertThatCode(() -> verifier.verify(request.body(), request.headers())).doesNotThrowAnyException();
            assertThatCode(() -> verifier.verifySimple(request.body(), request.header("X-Postcard-Signature")))
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void theStandardWebhooksReferenceLibraryVerifiesTheRequest() throws Exception {
        try (Receiver receiver = Receiver.http(Receiver.answering(200))) {
            local().send(receiver.endpoint("/"), signer(), EVENT_ID, EVENT_TYPE, BODY);

            Receiver.Request request = receiver.onlyRequest();
            // Fully qualified: dev.postcard.delivery.Webhook is the endpoint record.
            assertThatCode(() -> new com.standardwebhooks.Webhook(SECRET).verify(ENVELOPE, request.headers()))
                    .doesNotThrowAnyException();
            assertThatThrownBy(() -> new com.standardwebhooks.Webhook(PREVIOUS_SECRET).verify(ENVELOPE, request.headers()))
                    .as("a receiver holding another secret")
                    .isInstanceOf(com.standardwebhooks.exceptions.WebhookVerificationException.class);
        }
    }

    @Test
    void duringARotationReceiversHoldingEitherSecretAcceptTheRequest() {
        try (Receiver receiver = Receiver.http(Receiver.answering(200))) {
            WebhookSigner rotating = WebhookSigner.of(List.of(SECRET, PREVIOUS_SECRET));
            local().send(receiver.endpoint("/"), rotating, EVENT_ID, EVENT_TYPE, BODY);

            Receiver.Request request = receiver.onlyRequest();
            assertThat(request.header("webhook-signature").split(" ")).hasSize(2);
            assertThatCode(() -> WebhookVerifier.of(SECRET).verify(request.body(), request.headers()))
                    .doesNotThrowAnyException();
            assertThatCode(() -> WebhookVerifier.of(PREVIOUS_SECRET).verify(request.body(), request.headers()))
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void oneSenderServesManyVirtualThreadsAtOnce() throws Exception {
        WebhookSender sender = local();
        try (Receiver receiver = Receiver.http(Receiver.answering(200, "ok", java.util.Map.of()));
                ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<AttemptOutcome>> outcomes = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                String id = "evt_" + i;
                outcomes.add(threads.submit(() -> sender.send(receiver.endpoint("/"), signer(), id, EVENT_TYPE, BODY)));
            }
            for (Future<AttemptOutcome> outcome : outcomes) {
                assertThat(outcome.get()).isInstanceOf(AttemptOutcome.Delivered.class);
            }
            assertThat(receiver.requests()).extracting(r -> r.header("webhook-id")).doesNotHaveDuplicates().hasSize(50);
            assertThat(receiver.requests()).allSatisfy(r -> assertThatCode(
                    () -> WebhookVerifier.of(SECRET).verify(r.body(), r.headers())).doesNotThrowAnyException());
        }
    }
}
