package dev.postcard.bounces.formats;

import dev.postcard.bounces.mime.MailPart;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Identifies the message that bounced: its Message-ID and Postcard's {@code X-Postcard-Email-Id}, from the attached
 * original or its headers, else from the copy the report quotes after its text.
 */
public record OriginalMessage(Optional<String> messageId, Optional<String> postcardEmailId) {
    private static final Pattern MESSAGE_ID = Pattern.compile("(?im)^\\s*Message-ID:\\s*<?([^\\s<>]+@[^\\s<>]+)>?");
    private static final Pattern POSTCARD_ID = Pattern.compile("(?im)^\\s*X-Postcard-Email-Id:\\s*(\\S+)");
    private static final Pattern ULID_ID = Pattern.compile("msg_[0-9A-HJKMNP-TV-Za-hjkmnp-tv-z]{26}");

    public static OriginalMessage of(ReturnedMail mail) {
        Optional<MailPart> original = mail.original();
        Optional<String> id = original.flatMap(o -> o.header("Message-ID")).map(OriginalMessage::bare)
                .filter(s -> !s.isEmpty());
        Optional<String> postcard = original.flatMap(o -> o.header("X-Postcard-Email-Id")).map(String::strip);
        String quoted = ReportText.originalPart(mail.text());
        if (id.isEmpty()) {
            Matcher m = MESSAGE_ID.matcher(quoted);
            if (m.find()) {
                id = Optional.of(m.group(1));
            }
        }
        if (postcard.isEmpty()) {
            Matcher m = POSTCARD_ID.matcher(mail.text());
            if (m.find()) {
                postcard = Optional.of(m.group(1));
            }
        }
        return new OriginalMessage(id, postcard.filter(p -> ULID_ID.matcher(p).matches()));
    }

    private static String bare(String value) {
        String v = value.strip();
        int lt = v.indexOf('<');
        int gt = v.indexOf('>', lt + 1);
        return lt >= 0 && gt > lt ? v.substring(lt + 1, gt).strip() : v;
    }
}
