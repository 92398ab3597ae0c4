package dev.postcard.tracking;

import java.util.Optional;
import java.util.SequencedMap;

/** The registered message's id, its instrumented HTML (when HTML was given) and the headers to add. */
public record Instrumented(String emailId, Optional<String> html, SequencedMap<String, String> headers) {
}
