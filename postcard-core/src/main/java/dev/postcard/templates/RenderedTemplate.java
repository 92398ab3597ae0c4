package dev.postcard.templates;

import java.util.Optional;

/** A template's version rendered with a send's variables: what the send uses instead of its own content. */
public record RenderedTemplate(String templateId, int version, Optional<String> subject, Optional<String> html,
                               Optional<String> text) {
}
