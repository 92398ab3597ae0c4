package dev.postcard.providers.ses;

/**
 * The canonical text AWS signs for an SNS message: for a Notification {@code Message}, {@code MessageId},
 * {@code Subject} (only when the message has one), {@code Timestamp}, {@code TopicArn}, {@code Type}; for the
 * confirmations {@code Message}, {@code MessageId}, {@code SubscribeURL}, {@code Timestamp}, {@code Token},
 * {@code TopicArn}, {@code Type}; each as {@code Name\nvalue\n}, values exactly as sent.
 */
final class SnsStringToSign {
    private SnsStringToSign() {
    }

    public static String of(SnsMessage m) {
        StringBuilder out = new StringBuilder(m.message().length() + 512);
        add(out, "Message", m.message());
        add(out, "MessageId", m.messageId());
        if (m.type() == SnsMessage.Type.NOTIFICATION) {
            if (m.subject() != null) {
                add(out, "Subject", m.subject());
            }
            add(out, "Timestamp", m.timestamp());
        } else {
            add(out, "SubscribeURL", m.subscribeUrl());
            add(out, "Timestamp", m.timestamp());
            add(out, "Token", m.token());
        }
        add(out, "TopicArn", m.topicArn());
        add(out, "Type", m.type().wireName());
        return out.toString();
    }

    private static void add(StringBuilder out, String name, String value) {
        out.append(name).append('\n').append(value).append('\n');
    }
}
