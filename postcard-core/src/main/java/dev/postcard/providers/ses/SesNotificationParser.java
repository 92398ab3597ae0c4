package dev.postcard.providers.ses;

import dev.postcard.InvalidInputException;
import dev.postcard.providers.ParsedItem;

/**
 * SES identity feedback notifications ({@code notificationType}: Bounce, Complaint, Delivery), sent to the SNS
 * topics set on a verified identity. {@code AmazonSnsSubscriptionSucceeded} (sent when such a topic is set) and
 * {@code Received} (inbound mail) are not about sent mail and are ignored.
 */
final class SesNotificationParser {
    private SesNotificationParser() {
    }

    static boolean isControl(String notificationType) {
        return "AmazonSnsSubscriptionSucceeded".equals(notificationType) || "Received".equals(notificationType);
    }

    static ParsedItem parse(int index, String notificationType, SesRecord r) {
        return new ParsedItem.Events(index, switch (notificationType) {
            case "Bounce" -> SesFeedback.bounce(r);
            case "Complaint" -> SesFeedback.complaint(r);
            case "Delivery" -> SesFeedback.delivery(r);
            default -> throw new InvalidInputException("notificationType",
                    "unknown SES notificationType '" + SnsMessage.shorten(notificationType) + "'");
        });
    }
}
