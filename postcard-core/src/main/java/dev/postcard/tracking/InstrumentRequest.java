package dev.postcard.tracking;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/** A message to register and instrument; {@code emailId} is generated when absent. */
public record InstrumentRequest(
        Optional<String> emailId,
        Optional<String> html,
        String to,
        Optional<String> from,
        Optional<String> subject,
        List<String> tags,
        ObjectNode metadata) {

    public InstrumentRequest {
        tags = List.copyOf(tags);
        metadata = metadata.deepCopy();
    }
}
