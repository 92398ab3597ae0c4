package dev.postcard.bounces.formats;

import dev.postcard.bounces.mime.HeaderFields;
import dev.postcard.bounces.mime.MailPart;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * RFC 3464 delivery status notifications (and RFC 6533 {@code message/global-delivery-status}): one per-message
 * block, then one block per recipient. Also reads DSN fields that arrive in a mislabelled text part, as long as
 * they carry {@code Final-Recipient} and {@code Action} or {@code Status}.
 */
public final class DsnReader {
    private DsnReader() {
    }

    public static Optional<Report> read(ReturnedMail mail) {
        List<String> statusTexts = new ArrayList<>();
        for (MailPart part : mail.reportParts()) {
            String type = part.contentType();
            if (type.equals("message/delivery-status") || type.equals("message/global-delivery-status")) {
                statusTexts.add(part.text());
            }
        }
        if (statusTexts.isEmpty()) {
            String text = mail.text();
            if (looksLikeFields(text)) {
                statusTexts.add(text.substring(indexOfFields(text)));
            }
        }
        Map<String, Finding> byAddress = new LinkedHashMap<>();
        Optional<String> reportingMta = Optional.empty();
        for (String statusText : statusTexts) {
            for (List<MailPart.Header> block : HeaderFields.blocks(statusText)) {
                String mta = HeaderFields.get(block, "Reporting-MTA");
                if (mta != null && reportingMta.isEmpty()) {
                    reportingMta = Optional.of(afterType(mta)).filter(s -> !s.isBlank());
                }
                recipient(block).ifPresent(f -> byAddress.merge(f.address().isEmpty() ? "#" + byAddress.size()
                        : f.address(), f, DsnReader::better));
            }
        }
        if (byAddress.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Report.bounce(new ArrayList<>(byAddress.values()), reportingMta));
    }

    private static boolean looksLikeFields(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        return indexOfFields(text) >= 0 && (lower.contains("\naction:") || lower.contains("\nstatus:"));
    }

    private static int indexOfFields(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        int i = lower.indexOf("\nreporting-mta:");
        int j = lower.indexOf("\nfinal-recipient:");
        if (i >= 0 && (j < 0 || i < j)) {
            return i + 1;
        }
        return j < 0 ? -1 : j + 1;
    }

    /** A duplicate block for one address (some MTAs repeat it): keep the one that says more. */
    private static Finding better(Finding a, Finding b) {
        int sa = (a.status().isPresent() ? 2 : 0) + (a.diagnostic().isEmpty() ? 0 : 1);
        int sb = (b.status().isPresent() ? 2 : 0) + (b.diagnostic().isEmpty() ? 0 : 1);
        return sb > sa ? b : a;
    }

    static Optional<Finding> recipient(List<MailPart.Header> block) {
        String finalRcpt = HeaderFields.get(block, "Final-Recipient");
        String originalRcpt = HeaderFields.get(block, "Original-Recipient");
        String actual = HeaderFields.get(block, "X-Actual-Recipient");
        Optional<String> address = Addresses.firstUnicode(finalRcpt);
        if (address.isEmpty()) {
            address = Addresses.firstUnicode(originalRcpt).or(() -> Addresses.firstUnicode(actual));
        }
        if (address.isEmpty() && finalRcpt == null && originalRcpt == null) {
            return Optional.empty();
        }
        // A recipient field without a usable address ("rfc822; @host"): kept blank, the text part names it.
        String action = Optional.ofNullable(HeaderFields.get(block, "Action")).map(a -> a.strip().toLowerCase(Locale.ROOT))
                .map(a -> a.split("[\\s(;]")[0]).orElse("");
        String diagnostic = Optional.ofNullable(HeaderFields.get(block, "Diagnostic-Code")).map(DsnReader::afterType)
                .orElse("");
        Optional<String> status = SmtpText.status(Optional.ofNullable(HeaderFields.get(block, "Status")).orElse(""));
        action = switch (action) {
            case "", "delivered", "relayed", "expanded", "delayed", "failed" -> action;
            case "deliverable" -> "delivered"; // address verification reports (Postfix sendmail -bv)
            default -> "failed"; // non-standard words: expired, bounced, undeliverable, ...
        };
        if (action.isEmpty()) {
            action = status.map(s -> switch (s.charAt(0)) {
                case '2' -> "delivered";
                case '4' -> "delayed";
                default -> "failed";
            }).orElse("failed");
        }
        Optional<String> chosen = SmtpText.chooseStatus(status, diagnostic);
        // PowerMTA adds its own verdict on the reply to each recipient block (bad-mailbox, quota-issues, ...).
        Optional<String> category = Optional.ofNullable(HeaderFields.get(block, "X-PowerMTA-BounceCategory"))
                .map(c -> c.strip().toLowerCase(Locale.ROOT)).filter(c -> !c.isEmpty());
        return Optional.of(new Finding(address.orElse(""), action, chosen, SmtpText.replyCode(diagnostic),
                SmtpText.clean(diagnostic), SmtpText.command(diagnostic), category));
    }

    /** Drops the type prefix of a DSN field: {@code smtp; 550 ...} → {@code 550 ...}, {@code dns; host} → host. */
    static String afterType(String value) {
        int semi = value.indexOf(';');
        if (semi > 0 && semi < 20 && value.substring(0, semi).strip().matches("[A-Za-z0-9\\-]+")) {
            return value.substring(semi + 1).strip();
        }
        return value.strip();
    }
}
