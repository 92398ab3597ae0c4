package dev.postcard.templates;

import java.time.Instant;

/**
 * One version of a tenant's template as the API shows it: {@code updatedAt} is when this version was made, which
 * for the current version is the template's last change.
 */
public record Template(String id, String name, int version, TemplateContent content, Instant createdAt,
                       Instant updatedAt) {
}
