package dev.postcard.providers.sendgrid;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.InvalidInputException;
import dev.postcard.event.EventCodec;
import dev.postcard.providers.Provider;
import dev.postcard.providers.ProviderContext;
import dev.postcard.providers.ProviderParser;
import dev.postcard.providers.RequestVerifier;
import dev.postcard.providers.SettingsFields;
import dev.postcard.providers.Source;
import dev.postcard.providers.WebhookRejectedException;
import dev.postcard.providers.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * Twilio SendGrid's Event Webhook with the Signed Event Webhook turned on: every POST carries
 * {@code X-Twilio-Email-Event-Webhook-Signature} (base64 DER ECDSA signature) and
 * {@code X-Twilio-Email-Event-Webhook-Timestamp} (unix seconds); the signature is ECDSA P-256 with SHA-256 over
 * the timestamp header's bytes followed by the raw body bytes. The source keeps SendGrid's verification key
 * ({@code public_key}), which is public and shown as it is.
 */
public final class SendGridProvider implements Provider {
    public static final String NAME = "sendgrid";
    static final String SIGNATURE_HEADER = "X-Twilio-Email-Event-Webhook-Signature";
    static final String TIMESTAMP_HEADER = "X-Twilio-Email-Event-Webhook-Timestamp";
    private static final Set<String> FIELDS = Set.of("public_key");
    private static final int MAX_KEY = 4096;
    private static final int MAX_SIGNATURE = 1024;

    private final SendGridParser parser = new SendGridParser();

    public SendGridProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ObjectNode settings(ObjectNode given) {
        SettingsFields.onlyKnown(given, FIELDS, NAME);
        String key = SettingsFields.requiredText(given, "public_key", MAX_KEY);
        PublicKey parsed = parsePublicKey(key);
        ObjectNode out = EventCodec.MAPPER.createObjectNode();
        out.put("public_key", Base64.getEncoder().encodeToString(parsed.getEncoded()));
        return out;
    }

    @Override
    public ObjectNode publicSettings(ObjectNode stored) {
        ObjectNode out = EventCodec.MAPPER.createObjectNode();
        out.put("public_key", stored.path("public_key").asText());
        return out;
    }

    @Override
    public RequestVerifier verifier(Source source, ProviderContext context) {
        PublicKey key = parsePublicKey(source.settings().path("public_key").asText());
        return (WebhookRequest request, Instant now) -> verify(key, source, request, now);
    }

    @Override
    public ProviderParser parser(Source source) {
        return parser;
    }

    /**
     * SendGrid's verification key: base64 of the DER SubjectPublicKeyInfo (as the console shows it) or the same in
     * a PEM {@code -----BEGIN PUBLIC KEY-----} block. It must be an EC key on P-256.
     *
     * @throws InvalidInputException on field {@code public_key} otherwise
     */
    public static PublicKey parsePublicKey(String text) {
        String body = text.strip();
        if (body.startsWith("-----BEGIN PUBLIC KEY-----")) {
            int end = body.indexOf("-----END PUBLIC KEY-----");
            if (end < 0) {
                throw new InvalidInputException("public_key", "public_key is a PEM block without its END line");
            }
            body = body.substring("-----BEGIN PUBLIC KEY-----".length(), end);
        } else if (body.startsWith("-----")) {
            throw new InvalidInputException("public_key", "public_key must be a PEM PUBLIC KEY block or base64 DER");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(body.replaceAll("\\s+", ""));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("public_key", "public_key is not base64");
        }
        if (der.length == 0) {
            throw new InvalidInputException("public_key", "public_key is empty");
        }
        PublicKey key;
        try {
            key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new InvalidInputException("public_key",
                    "public_key is not an EC public key (base64 DER SubjectPublicKeyInfo or PEM)");
        }
        if (!(key instanceof ECPublicKey ec) || !isP256(ec.getParams())) {
            throw new InvalidInputException("public_key", "public_key must be an EC key on the P-256 curve");
        }
        return key;
    }

    /** The full {@code sg_message_id}, then the {@code X-Message-Id} the send API returned (its first part). */
    @Override
    public java.util.List<String> messageIdCandidates(String providerMessageId) {
        return shortMessageId(providerMessageId).filter(s -> !s.equals(providerMessageId))
                .map(s -> java.util.List.of(providerMessageId, s)).orElse(java.util.List.of(providerMessageId));
    }

    /**
     * The short form of a SendGrid message id: the part of {@code sg_message_id} before its first '.', which is
     * what the v3 Mail Send API returns as {@code X-Message-Id}. Events carry the full {@code sg_message_id}
     * ({@code <X-Message-Id>.<filter host and sequence>}); correlation by {@code provider_message_id} should try
     * the full id and then this one, so that a sender who stored the {@code X-Message-Id} finds its events.
     */
    public static Optional<String> shortMessageId(String sgMessageId) {
        if (sgMessageId == null || sgMessageId.isBlank()) {
            return Optional.empty();
        }
        String id = sgMessageId.strip();
        int dot = id.indexOf('.');
        String shortId = dot < 0 ? id : id.substring(0, dot);
        return shortId.isEmpty() ? Optional.empty() : Optional.of(shortId);
    }

    private static boolean isP256(ECParameterSpec params) {
        try {
            AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
            p.init(new ECGenParameterSpec("secp256r1"));
            ECParameterSpec p256 = p.getParameterSpec(ECParameterSpec.class);
            return params != null && p256.getCurve().equals(params.getCurve())
                    && p256.getOrder().equals(params.getOrder())
                    && p256.getGenerator().equals(params.getGenerator());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no P-256", e);
        }
    }

    private static void verify(PublicKey key, Source source, WebhookRequest request, Instant now) {
        String signature = request.header(SIGNATURE_HEADER).map(String::strip).filter(s -> !s.isEmpty())
                .orElseThrow(() -> new WebhookRejectedException(SIGNATURE_HEADER + " is missing"));
        String timestamp = request.header(TIMESTAMP_HEADER).map(String::strip).filter(s -> !s.isEmpty())
                .orElseThrow(() -> new WebhookRejectedException(TIMESTAMP_HEADER + " is missing"));
        if (signature.length() > MAX_SIGNATURE) {
            throw new WebhookRejectedException(SIGNATURE_HEADER + " is too long to be a signature");
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            throw new WebhookRejectedException(TIMESTAMP_HEADER + " is not unix seconds");
        }
        byte[] der;
        try {
            der = Base64.getDecoder().decode(signature);
        } catch (IllegalArgumentException e) {
            throw new WebhookRejectedException(SIGNATURE_HEADER + " is not base64");
        }
        boolean valid;
        try {
            Signature ecdsa = Signature.getInstance("SHA256withECDSA");
            ecdsa.initVerify(key);
            // The exact header text is signed, not the number it spells.
            ecdsa.update(timestamp.getBytes(StandardCharsets.UTF_8));
            ecdsa.update(request.bodyBytes());
            valid = ecdsa.verify(der);
        } catch (SignatureException e) {
            valid = false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ECDSA is not available", e);
        }
        if (!valid) {
            throw new WebhookRejectedException("the SendGrid signature does not verify with the source's public key");
        }
        Instant signedAt;
        try {
            signedAt = Instant.ofEpochSecond(seconds);
        } catch (java.time.DateTimeException e) {
            throw new WebhookRejectedException(TIMESTAMP_HEADER + " is out of range");
        }
        source.checkTimestamp(signedAt, now);
    }
}
