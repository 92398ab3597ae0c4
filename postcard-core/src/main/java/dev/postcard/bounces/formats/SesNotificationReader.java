package dev.postcard.bounces.formats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.postcard.bounces.ComplaintReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Amazon SES notifications delivered as mail by SNS (an email subscription to the feedback topic): the body is the
 * SES JSON ({@code notificationType} Bounce, Complaint or Delivery), sometimes inside the SNS envelope whose
 * {@code Message} is that JSON as a string.
 */
public final class SesNotificationReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SesNotificationReader() {
    }

    public static Optional<Report> read(ReturnedMail mail) {
        String text = mail.text();
        int start = text.indexOf('{');
        if (start < 0 || !text.contains("notificationType") && !text.contains("eventType")) {
            return Optional.empty();
        }
        // SNS mail wraps long lines by inserting "!" + line break + space; undo that before parsing.
        String json = text.substring(start).replaceAll("!\r?\n ", "");
        int end = json.lastIndexOf('}');
        if (end < 0) {
            return Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(json.substring(0, end + 1));
            if (node.path("Message").isTextual()) {
                node = JSON.readTree(node.path("Message").asText());
            }
            return fromNotification(node);
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private static Optional<Report> fromNotification(JsonNode node) {
        String type = node.path("notificationType").asText(node.path("eventType").asText("")).toLowerCase(Locale.ROOT);
        switch (type) {
            case "bounce" -> {
                JsonNode bounce = node.path("bounce");
                boolean transientBounce = bounce.path("bounceType").asText("").equalsIgnoreCase("Transient");
                List<Finding> findings = new ArrayList<>();
                for (JsonNode r : bounce.path("bouncedRecipients")) {
                    Optional<String> address = Addresses.first(r.path("emailAddress").asText(""));
                    if (address.isEmpty()) {
                        continue;
                    }
                    String diagnostic = DsnReader.afterType(r.path("diagnosticCode").asText(""));
                    String action = r.path("action").asText(transientBounce ? "delayed" : "failed");
                    Optional<String> status = SmtpText.chooseStatus(SmtpText.status(r.path("status").asText("")),
                            diagnostic);
                    findings.add(new Finding(address.get(), action.toLowerCase(Locale.ROOT), status,
                            SmtpText.replyCode(diagnostic), SmtpText.clean(diagnostic), SmtpText.command(diagnostic)));
                }
                return findings.isEmpty() ? Optional.empty()
                        : Optional.of(Report.bounce(findings, text(bounce, "reportingMTA").map(DsnReader::afterType)));
            }
            case "complaint" -> {
                JsonNode complaint = node.path("complaint");
                List<String> who = new ArrayList<>();
                complaint.path("complainedRecipients").forEach(r -> Addresses.first(r.path("emailAddress").asText(""))
                        .ifPresent(who::add));
                String feedback = complaint.path("complaintFeedbackType").asText("abuse").toLowerCase(Locale.ROOT);
                return Optional.of(Report.complaint(new ComplaintReport(feedback, Optional.empty(),
                        text(complaint, "userAgent"), who)));
            }
            case "delivery" -> {
                JsonNode delivery = node.path("delivery");
                String response = delivery.path("smtpResponse").asText("");
                List<Finding> findings = new ArrayList<>();
                for (JsonNode r : delivery.path("recipients")) {
                    Addresses.first(r.asText("")).ifPresent(a -> findings.add(new Finding(a, "delivered",
                            SmtpText.status(response), SmtpText.replyCode(response), SmtpText.clean(response),
                            Optional.empty())));
                }
                return findings.isEmpty() ? Optional.empty()
                        : Optional.of(Report.bounce(findings, text(delivery, "reportingMTA")));
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    private static Optional<String> text(JsonNode node, String field) {
        return Optional.of(node.path(field).asText("")).filter(s -> !s.isBlank());
    }
}
