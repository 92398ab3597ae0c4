package dev.postcard.templates;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Renders a tenant's template for a send; the sending feature's only view of templates. */
public interface TemplateRenderer {
    /**
     * Renders the template's current version.
     *
     * @throws dev.postcard.NotFoundException       when the tenant has no such template
     * @throws dev.postcard.UnprocessableException  naming {@code variables.<name>} when the template uses a
     *                                              variable the send does not give
     */
    RenderedTemplate render(String tenantId, String templateId, ObjectNode variables);
}
