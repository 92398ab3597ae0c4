package dev.postcard.sending;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.PostcardException;
import dev.postcard.event.EventCodec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What an accepted send answers: one entry per recipient, and when it goes out. {@code replayed} when an
 * {@code Idempotency-Key} seen before with the same body brought back the first answer.
 */
public record SendAnswer(List<Recipient> data, Optional<Instant> sendAt, boolean replayed) {
    /** One recipient's copy: its {@code email_id} and {@code status} (queued, scheduled or dropped, with a reason). */
    public record Recipient(String emailId, String to, SendStatus status, Optional<String> reason) {
    }

    public SendAnswer {
        data = List.copyOf(data);
    }

    /** {@code {"data": [{"email_id", "to", "status", "reason"?}], "send_at"?}}. */
    public ObjectNode toJson() {
        ObjectNode out = EventCodec.MAPPER.createObjectNode();
        ArrayNode list = out.putArray("data");
        for (Recipient r : data) {
            ObjectNode item = list.addObject();
            item.put("email_id", r.emailId());
            item.put("to", r.to());
            item.put("status", r.status().wireName());
            r.reason().ifPresent(reason -> item.put("reason", reason));
        }
        sendAt.ifPresent(at -> out.put("send_at", EventCodec.formatInstant(at)));
        return out;
    }

    static SendAnswer fromStoredJson(String json, boolean replayed) {
        try {
            JsonNode node = EventCodec.MAPPER.readTree(json);
            List<Recipient> data = new ArrayList<>();
            for (JsonNode item : node.get("data")) {
                data.add(new Recipient(item.get("email_id").asText(), item.get("to").asText(),
                        SendStatus.fromWireName(item.get("status").asText()),
                        Optional.ofNullable(item.get("reason")).map(JsonNode::asText)));
            }
            Optional<Instant> sendAt = Optional.ofNullable(node.get("send_at")).map(n -> Instant.parse(n.asText()));
            return new SendAnswer(data, sendAt, replayed);
        } catch (JsonProcessingException e) {
            throw new PostcardException("a stored send answer is not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
