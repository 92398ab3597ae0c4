/**
 * Email templates: Mustache sources of a subject, an HTML part and a text part, per tenant, every change kept
 * as a version, rendered strictly with a send's variables.
 *
 * <pre>{@code
 * Templates templates = postcard.templates();
 * Template welcome = templates.create(tenant, "Welcome", new TemplateContent(Optional.of("Hi {{name}}"),
 *         Optional.of("<p>Hi {{name}}</p><a href=\"{{unsubscribe_url}}\">out</a>"), Optional.empty()));
 * RenderedTemplate email = templates.render(tenant, welcome.id(), variables);  // {"name": "Ada"}
 * templates.update(tenant, welcome.id(), new TemplatePatch(Optional.empty(), PartChange.KEEP,
 *         PartChange.KEEP, PartChange.replace("Hi {{name}}")));                 // version 2; version 1 stays
 * }</pre>
 *
 * <p>Sending sees only {@link dev.postcard.templates.TemplateRenderer}. The package owns its tables
 * ({@code templates}, {@code template_versions}) and their SQL ({@code TemplateRows}), and reaches storage only
 * through {@link dev.postcard.storage.Database}.
 */
package dev.postcard.templates;
