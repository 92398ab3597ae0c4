package dev.postcard.sending;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.event.EventCodec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * The SHA-256 of a send's canonical JSON: what tells "the same body again" under one {@code Idempotency-Key}.
 * Canonical: the fields in one order, object keys sorted (metadata, variables), so two bodies that differ only in
 * how their JSON was written (key order, white space, a lone {@code to} or an array of one) count as the same.
 */
final class SendFingerprint {
    private SendFingerprint() {
    }

    static String of(SendRequest request) {
        ObjectNode canonical = EventCodec.MAPPER.createObjectNode();
        canonical.put("from", request.from());
        strings(canonical, "to", request.to());
        strings(canonical, "cc", request.cc());
        strings(canonical, "bcc", request.bcc());
        strings(canonical, "reply_to", request.replyTo());
        canonical.put("subject", request.subject().orElse(null));
        canonical.put("html", request.html().orElse(null));
        canonical.put("text", request.text().orElse(null));
        ArrayNode headers = canonical.putArray("headers");
        request.headers().forEach((name, value) -> headers.addArray().add(name).add(value));
        ArrayNode attachments = canonical.putArray("attachments");
        for (MailAttachment a : request.attachments()) {
            attachments.addArray().add(a.filename()).add(a.contentType())
                    .add(Base64.getEncoder().encodeToString(a.content()));
        }
        strings(canonical, "tags", request.tags());
        canonical.set("metadata", sorted(request.metadata()));
        canonical.put("track_opens", request.trackOpens());
        canonical.put("track_clicks", request.trackClicks());
        canonical.put("template_id", request.templateId().orElse(null));
        canonical.set("variables", sorted(request.variables()));
        canonical.put("send_at", request.sendAt().map(EventCodec::formatInstant).orElse(null));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static void strings(ObjectNode node, String field, List<String> values) {
        ArrayNode array = node.putArray(field);
        values.forEach(array::add);
    }

    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            ObjectNode out = EventCodec.MAPPER.createObjectNode();
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            names.sort(null);
            names.forEach(name -> out.set(name, sorted(node.get(name))));
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = EventCodec.MAPPER.createArrayNode();
            node.forEach(item -> out.add(sorted(item)));
            return out;
        }
        return node;
    }
}
