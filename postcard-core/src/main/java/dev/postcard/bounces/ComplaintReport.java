package dev.postcard.bounces;

import java.util.List;
import java.util.Optional;

/**
 * A feedback-loop complaint.
 *
 * @param feedbackType       ARF {@code Feedback-Type} lower case ({@code abuse}, {@code opt-out}, {@code auth-failure},
 *                           {@code fraud}, {@code virus}, {@code not-spam}, {@code other})
 * @param sourceIp           {@code Source-IP}: the address the complained-about mail came from
 * @param userAgent          {@code User-Agent} of the report generator
 * @param reportedRecipients who complained: {@code Original-Rcpt-To}, else the returned original's recipients
 */
public record ComplaintReport(String feedbackType, Optional<String> sourceIp, Optional<String> userAgent,
                              List<String> reportedRecipients) {
    public ComplaintReport {
        reportedRecipients = List.copyOf(reportedRecipients);
    }
}
