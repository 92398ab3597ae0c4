package dev.postcard.providers.ses;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postcard.InvalidInputException;
import dev.postcard.event.StorableText;
import dev.postcard.providers.ParsedItem;
import dev.postcard.providers.ProviderJson;
import dev.postcard.providers.ProviderParser;
import dev.postcard.providers.WebhookRequest;
import java.util.List;

/**
 * Parses a verified SNS request into one item: a SubscriptionConfirmation becomes
 * {@link ParsedItem.ConfirmSubscription}, an UnsubscribeConfirmation is ignored, a Notification carries an SES
 * record as JSON text in {@code Message}.
 *
 * <p>A Notification whose Message is not JSON (a test message published from the SNS console, "Hello world") is
 * ignored, so SNS does not retry it. A JSON Message that is not an SES record, or an SES record that cannot be
 * used, is a {@link ParsedItem.Failed} item whose field starts with {@code Message}; so is a record holding text
 * or numbers Postcard cannot store ({@link StorableText}), since it becomes the events' raw.
 */
final class SesParser implements ProviderParser {

    @Override
    public List<ParsedItem> parse(WebhookRequest request) {
        JsonNode body = ProviderJson.readBody(request);
        SnsMessage message = SnsMessage.from(body);
        return List.of(switch (message.type()) {
            case SUBSCRIPTION_CONFIRMATION -> confirm(message);
            case UNSUBSCRIBE_CONFIRMATION -> new ParsedItem.Ignored(0, "SNS UnsubscribeConfirmation for " + message.topicArn());
            case NOTIFICATION -> notification(message);
        });
    }

    private static ParsedItem confirm(SnsMessage message) {
        java.net.URI url = SnsCertificates.parse(message.subscribeUrl());
        if (!SesProvider.isAmazonSnsUrl(url)) {
            return new ParsedItem.Failed(0, "SubscribeURL", "SubscribeURL is not an https URL on sns.<region>.amazonaws.com");
        }
        return new ParsedItem.ConfirmSubscription(0, message.topicArn(), url);
    }

    private static ParsedItem notification(SnsMessage message) {
        String text = message.message().strip();
        if (!text.startsWith("{") && !text.startsWith("[")) {
            return new ParsedItem.Ignored(0, "SNS notification that is not an SES record (a test message?)");
        }
        try {
            JsonNode record = ProviderJson.readString(text, "Message");
            if (!record.isObject()) {
                return new ParsedItem.Failed(0, "Message", "Message is not an SES event or notification");
            }
            StorableText.check(record);
            JsonNode eventType = record.get("eventType");
            JsonNode notificationType = record.get("notificationType");
            if (eventType != null && eventType.isTextual()) {
                return SesEventParser.parse(0, eventType.textValue(), SesRecord.of(record, message.messageId()));
            }
            if (notificationType != null && notificationType.isTextual()) {
                if (SesNotificationParser.isControl(notificationType.textValue())) {
                    return new ParsedItem.Ignored(0, "SES " + notificationType.textValue() + " notification");
                }
                return SesNotificationParser.parse(0, notificationType.textValue(),
                        SesRecord.of(record, message.messageId()));
            }
            return new ParsedItem.Failed(0, "Message", "Message is not an SES event or notification "
                    + "(no eventType or notificationType)");
        } catch (InvalidInputException e) {
            String field = e.field().isEmpty() || e.field().equals("Message") ? "Message" : "Message." + e.field();
            return new ParsedItem.Failed(0, field, e.getMessage());
        } catch (RuntimeException e) {
            return new ParsedItem.Failed(0, "Message", "the SES record could not be read");
        }
    }
}
