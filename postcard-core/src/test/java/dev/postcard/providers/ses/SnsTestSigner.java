package dev.postcard.providers.ses;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.event.EventCodec;
import dev.postcard.providers.HttpGetter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Signs SNS envelopes the way AWS documents it, with a test key pair and self-signed certificate made once by
 * {@code keytool} (src/test/resources/providers/ses/test-signing.p12, valid 2020-01-01 to 2039-12-27), and
 * serves that certificate as PEM for every SigningCertURL it is asked for.
 */
final class SnsTestSigner {
    static final String TOPIC = "arn:aws:sns:us-east-1:123456789012:ses-events";
    static final String CERT_URL = "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-0123456789abcdef.pem";

    final PrivateKey key;
    final X509Certificate certificate;
    final List<URI> downloads = new ArrayList<>();

    SnsTestSigner() {
        try (InputStream in = SnsTestSigner.class.getResourceAsStream("/providers/ses/test-signing.p12")) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, "changeit".toCharArray());
            key = (PrivateKey) store.getKey("sns", "changeit".toCharArray());
            certificate = (X509Certificate) store.getCertificate("sns");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    String pem() {
        try {
            return "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Answers every GET with the certificate, recording what was asked. */
    HttpGetter http() {
        return uri -> {
            synchronized (downloads) {
                downloads.add(uri);
            }
            return pem().getBytes(StandardCharsets.US_ASCII);
        };
    }

    static ObjectNode notification(String message, String subject, String timestamp) {
        ObjectNode n = EventCodec.MAPPER.createObjectNode();
        n.put("Type", "Notification");
        n.put("MessageId", "5b3c1a0e-0000-4000-8000-000000000001");
        n.put("TopicArn", TOPIC);
        if (subject != null) {
            n.put("Subject", subject);
        }
        n.put("Message", message);
        n.put("Timestamp", timestamp);
        n.put("SignatureVersion", "2");
        n.put("SigningCertURL", CERT_URL);
        n.put("UnsubscribeURL", "https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=" + TOPIC + ":x");
        return n;
    }

    static ObjectNode confirmation(String type, String timestamp) {
        ObjectNode n = EventCodec.MAPPER.createObjectNode();
        n.put("Type", type);
        n.put("MessageId", "5b3c1a0e-0000-4000-8000-000000000002");
        n.put("Token", "2336412f37fb687f5d51e6e2425e90cda73392a3ac9ce0c2bcecdfc0907bfed2");
        n.put("TopicArn", TOPIC);
        n.put("Message", "You have chosen to subscribe to the topic " + TOPIC + ".\nTo confirm the subscription, visit the SubscribeURL included in this message.");
        n.put("SubscribeURL", "https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=" + TOPIC + "&Token=2336412f");
        n.put("Timestamp", timestamp);
        n.put("SignatureVersion", "1");
        n.put("SigningCertURL", CERT_URL);
        return n;
    }

    /**
     * Signs {@code n} in place by its SignatureVersion: the documented string-to-sign, written out here on its own
     * (not with {@link SnsStringToSign}) so the two can disagree.
     */
    ObjectNode sign(ObjectNode n) {
        List<String> names = "Notification".equals(n.path("Type").asText())
                ? List.of("Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type")
                : List.of("Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type");
        StringBuilder text = new StringBuilder();
        for (String name : names) {
            if (n.hasNonNull(name)) {
                text.append(name).append('\n').append(n.get(name).asText()).append('\n');
            }
        }
        try {
            Signature s = Signature.getInstance("1".equals(n.path("SignatureVersion").asText()) ? "SHA1withRSA" : "SHA256withRSA");
            s.initSign(key);
            s.update(text.toString().getBytes(StandardCharsets.UTF_8));
            n.put("Signature", Base64.getEncoder().encodeToString(s.sign()));
            return n;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] bytes(ObjectNode n) {
        try {
            return EventCodec.MAPPER.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
