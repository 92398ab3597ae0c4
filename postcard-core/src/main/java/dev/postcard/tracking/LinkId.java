package dev.postcard.tracking;

import java.util.Objects;
import java.util.Optional;

/**
 * What a tracking link names, as the last segment of its path: {@code acme~msg_01J...}, the tenant and the
 * message id. Message ids are per tenant, so the tenant rides in the link; {@code ~} is in neither a tenant id
 * nor a message id, and URLs carry it as it is. A link made before ids were per tenant holds the bare message
 * id ({@link #tenantId()} empty); it still names its message (see {@code Store.findMessageWithoutTenant}).
 *
 * @param tenantId the tenant, absent in a bare (older) link
 * @param emailId  the message id as the tenant gave it
 */
record LinkId(Optional<String> tenantId, String emailId) {
    private static final char SEPARATOR = '~';

    public LinkId {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(emailId, "emailId");
    }

    public static LinkId of(String tenantId, String emailId) {
        return new LinkId(Optional.of(tenantId), emailId);
    }

    /** Reads a link's path segment; text without {@code ~} is a bare id. */
    public static LinkId parse(String text) {
        int at = text.indexOf(SEPARATOR);
        return at < 0 ? new LinkId(Optional.empty(), text)
                : new LinkId(Optional.of(text.substring(0, at)), text.substring(at + 1));
    }

    /** The path segment: what the link's signature covers, so a signed link cannot be moved to another tenant. */
    @Override
    public String toString() {
        return tenantId.map(t -> t + SEPARATOR + emailId).orElse(emailId);
    }
}
