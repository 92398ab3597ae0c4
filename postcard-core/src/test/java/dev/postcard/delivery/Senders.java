package dev.postcard.delivery;

import dev.postcard.verify.WebhookSigner;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** What the sender tests share: an event, secrets, and senders for loopback receivers. */
final class Senders {
    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String PREVIOUS_SECRET = "whsec_dGVzdC1wcmV2aW91cy1zZWNyZXQtMDEyMzQ1Njc4";
    static final String EVENT_ID = "evt_01JDQ4Z6M7X9K2P8R5T3V1W0YA";
    static final String EVENT_TYPE = "email.bounced";
    static final String ENVELOPE = "{\"id\":\"" + EVENT_ID + "\",\"type\":\"email.bounced\",\"created_at\":"
            + "\"2026-11-22T10:30:05.123Z\",\"data\":{\"to\":\"ü@example.com\",\"subject\":\"Welcome 🎉\"}}";
    static final byte[] BODY = ENVELOPE.getBytes(StandardCharsets.UTF_8);

    private Senders() {
    }

    static WebhookSigner signer() {
        return WebhookSigner.of(SECRET);
    }

    /** A sender allowed to reach private networks, with a short timeout so a broken test fails fast. */
    static WebhookSender local() {
        return new WebhookSender(new GuardedResolver(AddressPolicy.allowingPrivateNetworks())).withTimeout(Duration.ofSeconds(5));
    }

    /** Fixed DNS answers; any other name does not resolve. */
    static Resolver dns(Map<String, List<String>> answers) {
        return host -> {
            List<String> literals = answers.get(host);
            if (literals == null) {
                throw new UnknownHostException(host);
            }
            return literals.stream().map(Ip::of).toList();
        };
    }
}
