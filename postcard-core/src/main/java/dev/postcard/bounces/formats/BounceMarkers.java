package dev.postcard.bounces.formats;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Is this a non-standard failure report? Judged from who sent it (the mailer daemon, the postmaster, a "Mail
 * Delivery System"), from the subjects MTAs put on bounces, and from the sentences they open the body with.
 */
final class BounceMarkers {
    private static final Pattern SENDER = Pattern.compile(
            "(?i)(mailer[- ]?daemon|post[_.\\-]?master|mail ?delivery ?(system|subsystem|service)|mail administrator|"
                    + "system administrator|mdaemon|nobody@|bounce|returned mail|mailer@|failure notice)");
    private static final Pattern SUBJECT = Pattern.compile("(?i)(undeliver|undelivered mail|returned mail|"
            + "failure notice|failure delivery|delivery fail|delivery (status )?notification|mail delivery|"
            + "delivery (has )?failed|could not be delivered|couldn't be delivered|non[- ]?delivery|"
            + "delivery problem|warning: message|message not deliverable|not delivered|mail system error|"
            + "returned to sender|rejected|mail failure|mail error|error notification|delivery report|nondeliverable|delivery error|"
            + "unzustellbar|non remis|消息|不達|エラー|配信|返送)");
    private static final Pattern BODY = Pattern.compile("(?i)(this is the qmail-send program|the mail system|"
            + "created automatically by mail delivery software|could not be delivered|couldn't be delivered|"
            + "permanent fatal errors|transcript of session follows|delivery has failed|did not reach the following|"
            + "delivery to the following recipients? failed|unable to deliver|undeliverable|"
            + "following address(es)? failed|your message (was|could not be|wasn't) delivered|"
            + "message delivery has failed|returned to you|not be delivered to|delivery failed|"
            + "could not deliver|failed to deliver|delivery to the following|rejected your message|"
            + "remote host said|smtp error|attempting to deliver|error occurred while|was not delivered|permanent error|temporary failure|"
            + "has not yet been delivered|delivery attempts will continue|have not been delivered|"
            + "message has been blocked|is not a valid|does not exist|user unknown|no such user|mailbox (is )?full|"
            + "送信に失敗|送信できませんでした|配信できませんでした|届きませんでした|宛先不明|配達できません)");

    private BounceMarkers() {
    }

    public static boolean fromDaemon(String from) {
        return SENDER.matcher(from).find();
    }

    public static boolean bounceSubject(String subject) {
        return SUBJECT.matcher(subject).find();
    }

    public static boolean bounceBody(String text) {
        return BODY.matcher(text.length() > 20000 ? text.substring(0, 20000) : text).find();
    }

    /** Two of the three signals, or an unmistakable body opening, make a bounce. */
    public static boolean isBounce(ReturnedMail mail) {
        String text = mail.text();
        boolean nullSender = mail.from().replaceAll("[<>\\s]", "").isEmpty() && !mail.from().isEmpty();
        boolean nullReturnPath = mail.header("Return-Path").replaceAll("\\s", "").equals("<>")
                || !mail.header("X-Failed-Recipients").isBlank();
        int score = (fromDaemon(mail.from()) || nullSender || nullReturnPath ? 1 : 0) + (bounceSubject(mail.subject()) ? 1 : 0)
                + (bounceBody(text) ? 1 : 0);
        return score >= 2 || unmistakable(text);
    }

    /** Sentences only an MTA writes. */
    public static boolean unmistakable(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        return lower.contains("this is the qmail-send program")
                || lower.contains("created automatically by mail delivery software")
                || lower.contains("permanent fatal errors") || lower.contains("transcript of session follows");
    }
}
