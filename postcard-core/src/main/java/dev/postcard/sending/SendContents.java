package dev.postcard.sending;

import dev.postcard.UnprocessableException;
import dev.postcard.event.IdPrefix;
import dev.postcard.NotFoundException;
import dev.postcard.templates.RenderedTemplate;
import dev.postcard.templates.TemplateRenderer;
import java.time.Instant;
import java.util.Optional;

/** A send's content as it is stored: its own, or its template's rendered once, when the send is accepted. */
final class SendContents {
    private final Optional<TemplateRenderer> templates;

    SendContents(Optional<TemplateRenderer> templates) {
        this.templates = templates;
    }

    StoredSend of(String tenantId, SendRequest request, Optional<Instant> sendAt, Instant now) {
        String subject;
        Optional<String> html;
        Optional<String> text;
        Optional<Integer> version = Optional.empty();
        if (request.templateId().isPresent()) {
            String templateId = request.templateId().get();
            TemplateRenderer renderer = templates.orElseThrow(() -> new UnprocessableException("template_id",
                    "templates are not available in this engine"));
            RenderedTemplate rendered;
            try {
                rendered = renderer.render(tenantId, templateId, request.variables());
            } catch (NotFoundException e) {
                // The route exists; what the body names does not: a field of the request, not a missing resource.
                throw new UnprocessableException("template_id", "template_id names no template: " + templateId);
            }
            subject = rendered.subject().orElseThrow(() -> new UnprocessableException("template_id",
                    "template '" + templateId + "' has no subject"));
            SendRequest.checkSubject(subject);
            html = rendered.html();
            text = rendered.text();
            if (html.isEmpty() && text.isEmpty()) {
                throw new UnprocessableException("template_id", "template '" + templateId + "' has neither html nor text");
            }
            version = Optional.of(rendered.version());
        } else {
            subject = request.subject().orElseThrow();
            html = request.html();
            text = request.text();
        }
        return new StoredSend(tenantId, IdPrefix.SEND.newId(), request.from().strip(),
                request.to().stream().map(String::strip).toList(), request.cc().stream().map(String::strip).toList(),
                request.replyTo().stream().map(String::strip).toList(), subject, html, text, request.headers(),
                request.attachments(), request.tags(), request.metadata(), request.trackOpens(), request.trackClicks(),
                request.templateId(), version, sendAt, now);
    }
}
