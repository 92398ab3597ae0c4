package dev.postcard.providers.ses;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postcard.InvalidInputException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * An Amazon SNS HTTP(S) message envelope, read strictly: every field SNS signs must be a JSON string, and the
 * fields its {@link #type()} requires must be present. Other fields (SNS adds {@code MessageAttributes},
 * {@code UnsubscribeURL}) are allowed and ignored.
 *
 * @param subject   the optional {@code Subject} of a Notification (absent and JSON null both mean "none")
 * @param subscribeUrl {@code SubscribeURL} of the confirmations, else null
 * @param token     {@code Token} of the confirmations, else null
 */
record SnsMessage(Type type, String messageId, String topicArn, String subject, String message,
                         String timestamp, String signatureVersion, String signature, String signingCertUrl,
                         String subscribeUrl, String token) {

    /** The SNS message types Postcard accepts. */
    public enum Type {
        NOTIFICATION("Notification"),
        SUBSCRIPTION_CONFIRMATION("SubscriptionConfirmation"),
        UNSUBSCRIBE_CONFIRMATION("UnsubscribeConfirmation");

        private final String wireName;

        Type(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        static Optional<Type> of(String name) {
            for (Type t : values()) {
                if (t.wireName.equals(name)) {
                    return Optional.of(t);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * Reads the envelope from the parsed body.
     *
     * @throws InvalidInputException naming the SNS field that is missing or not a string
     */
    public static SnsMessage from(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new InvalidInputException("body", "an SNS message is a JSON object");
        }
        String typeName = required(body, "Type");
        Type type = Type.of(typeName).orElseThrow(() -> new InvalidInputException("Type",
                "unsupported SNS message type '" + shorten(typeName) + "'"));
        boolean confirmation = type != Type.NOTIFICATION;
        SnsMessage m = new SnsMessage(type, required(body, "MessageId"), required(body, "TopicArn"),
                confirmation ? null : optional(body, "Subject"), required(body, "Message"), required(body, "Timestamp"),
                required(body, "SignatureVersion"), required(body, "Signature"), required(body, "SigningCertURL"),
                confirmation ? required(body, "SubscribeURL") : null, confirmation ? required(body, "Token") : null);
        m.timestampInstant();
        return m;
    }

    /** {@code Timestamp} as an instant. @throws InvalidInputException when it is not ISO 8601 */
    public Instant timestampInstant() {
        try {
            return OffsetDateTime.parse(timestamp).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("Timestamp", "Timestamp '" + shorten(timestamp) + "' is not an ISO 8601 time");
        }
    }

    private static String required(JsonNode body, String field) {
        String value = optional(body, field);
        if (value == null) {
            throw new InvalidInputException(field, field + " is required in an SNS message");
        }
        return value;
    }

    private static String optional(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new InvalidInputException(field, field + " must be a string in an SNS message");
        }
        return value.textValue();
    }

    static String shorten(String s) {
        return s.length() > 64 ? s.substring(0, 64) + "..." : s;
    }
}
