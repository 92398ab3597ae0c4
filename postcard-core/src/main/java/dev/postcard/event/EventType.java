package dev.postcard.event;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The closed catalogue of event types (DESIGN §5). */
public enum EventType {
    EMAIL_SENT("email.sent", "sent", null),
    EMAIL_DELIVERED("email.delivered", "delivered", "delivered_at"),
    EMAIL_DELIVERY_DELAYED("email.delivery_delayed", "delivery_delayed", null),
    EMAIL_BOUNCED("email.bounced", "bounced", "bounced_at"),
    EMAIL_COMPLAINED("email.complained", "complained", "complained_at"),
    EMAIL_OPENED("email.opened", "opened", "opened_at"),
    EMAIL_CLICKED("email.clicked", "clicked", "clicked_at"),
    EMAIL_UNSUBSCRIBED("email.unsubscribed", "unsubscribed", "unsubscribed_at"),
    EMAIL_DROPPED("email.dropped", "dropped", null),
    EMAIL_FAILED("email.failed", "failed", null),
    EMAIL_CANCELED("email.canceled", "canceled", null),
    ENDPOINT_DISABLED("endpoint.disabled", null, null),
    SUPPRESSION_CREATED("suppression.created", null, null),
    SUPPRESSION_DELETED("suppression.deleted", null, null),
    API_KEY_CREATED("api_key.created", null, null),
    API_KEY_REVOKED("api_key.revoked", null, null),
    ALERT_TRIGGERED("alert.triggered", null, null),
    TEMPLATE_CREATED("template.created", null, null),
    TEMPLATE_UPDATED("template.updated", null, null),
    TEMPLATE_DELETED("template.deleted", null, null);

    private static final Map<String, EventType> BY_NAME =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(EventType::wireName, Function.identity()));
    private static final Map<String, EventType> BY_ALIAS = Arrays.stream(values())
            .filter(t -> t.alias != null)
            .collect(Collectors.toUnmodifiableMap(t -> t.alias, Function.identity()));

    private final String wireName;
    private final String alias;
    private final String timestampField;

    EventType(String wireName, String alias, String timestampField) {
        this.wireName = wireName;
        this.alias = alias;
        this.timestampField = timestampField;
    }

    /** The name used in JSON, e.g. {@code email.opened}. */
    public String wireName() {
        return wireName;
    }

    /** The short subscription alias, e.g. {@code opened}, when the type has one. */
    public Optional<String> alias() {
        return Optional.ofNullable(alias);
    }

    /** The type-specific timestamp field ({@code opened_at}, ...) that mirrors {@code created_at}, if any. */
    public Optional<String> timestampField() {
        return Optional.ofNullable(timestampField);
    }

    /** True for the {@code email.*} family: events about one message and one recipient. */
    public boolean isEmailEvent() {
        return wireName.startsWith("email.");
    }

    public static Optional<EventType> fromWireName(String name) {
        return Optional.ofNullable(name == null ? null : BY_NAME.get(name));
    }

    /** Resolves an exact wire name or a short alias. */
    public static Optional<EventType> fromNameOrAlias(String name) {
        if (name == null) {
            return Optional.empty();
        }
        EventType exact = BY_NAME.get(name);
        return exact != null ? Optional.of(exact) : Optional.ofNullable(BY_ALIAS.get(name));
    }

    public static List<EventType> emailTypes() {
        return Arrays.stream(values()).filter(EventType::isEmailEvent).toList();
    }

    @Override
    public String toString() {
        return wireName;
    }
}
