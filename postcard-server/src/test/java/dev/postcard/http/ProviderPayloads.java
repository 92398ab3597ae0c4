package dev.postcard.http;

import java.time.Instant;

/** Provider webhook bodies in each provider's documented shape, written for these tests. */
final class ProviderPayloads {
    private ProviderPayloads() {
    }

    static final String SENDGRID_BATCH = """
            [{"email":"ann@example.com","timestamp":1763800000,"event":"processed","sg_event_id":"sg-ev-1",\
            "sg_message_id":"abc123.filter-1","category":["welcome"],"postcard_email_id":"msg_01JDQ4YB2C3D4E5F6G7H8J9K0M"},\
            {"email":"ann@example.com","timestamp":1763800005,"event":"delivered","sg_event_id":"sg-ev-2",\
            "sg_message_id":"abc123.filter-1","response":"250 OK"},\
            {"email":"bob@example.com","timestamp":1763800009,"event":"bounce","type":"bounce","sg_event_id":"sg-ev-3",\
            "sg_message_id":"def456.filter-2","status":"5.1.1","reason":"550 5.1.1 user unknown"}]""";

    static final String POSTMARK_BOUNCE = """
            {"RecordType":"Bounce","ID":4323372036854775807,"Type":"HardBounce","TypeCode":1,"Name":"Hard bounce",\
            "MessageID":"883953f4-6105-42a2-a16a-77a8eac79483","Description":"The server was unable to deliver.",\
            "Details":"smtp;550 5.1.1 The email account that you tried to reach does not exist.",\
            "Email":"zoe@example.com","From":"app@example.org","BouncedAt":"2026-11-20T16:33:54.9070259Z",\
            "Inactive":true,"CanActivate":true,"Subject":"Welcome","Metadata":{"user_id":"42"},"Tag":"welcome"}""";

    static final String SPARKPOST_BATCH = """
            [{"msys":{"message_event":{"type":"delivery","event_id":"92356927693813856","timestamp":"1763800000",\
            "transmission_id":"65832150921904138","message_id":"000443ee14578172be22","rcpt_to":"kim@example.com",\
            "rcpt_meta":{"customKey":"customValue"},"rcpt_tags":["welcome"],"raw_rcpt_to":"kim@example.com"}}},\
            {"msys":{"message_event":{"type":"bounce","event_id":"92356927693813857","timestamp":"1763800010",\
            "transmission_id":"65832150921904139","rcpt_to":"lee@example.com","bounce_class":"10",\
            "raw_reason":"550 5.1.1 user unknown","error_code":"550"}}}]""";

    static final String MAILJET_BATCH = """
            [{"event":"sent","time":1763800000,"MessageID":19421777835146490,"Message_GUID":"1ab23cd4-e567-8901-2345-6789f0gh1i2j",\
            "email":"max@example.com","mj_campaign_id":0,"mj_contact_id":123,"customcampaign":"","CustomID":"order-1",\
            "Payload":"{\\"postcard_email_id\\":\\"msg_01JDQ4YB2C3D4E5F6G7H8J9K0M\\"}","smtp_reply":"250 OK"},\
            {"event":"bounce","time":1763800020,"MessageID":19421777835146491,"email":"sam@example.com",\
            "blocked":false,"hard_bounce":true,"error_related_to":"recipient","error":"user unknown"}]""";

    static final String BREVO_HARD_BOUNCE = """
            {"event":"hard_bounce","email":"ivy@example.com","id":26224,"date":"2026-11-20 18:22:33",\
            "ts":1763662953,"ts_epoch":1763662953123,"message-id":"<202611201822.12345678901@smtp-relay.mailin.fr>",\
            "ts_event":1763662953,"subject":"Welcome","tag":"welcome","sending_ip":"185.41.28.109",\
            "reason":"550 5.1.1 mailbox does not exist","tags":["welcome"],\
            "X-Mailin-custom":"{\\"postcard_email_id\\":\\"msg_01JDQ4YB2C3D4E5F6G7H8J9K0M\\"}"}""";

    static final String RESEND_DELIVERED = """
            {"type":"email.delivered","created_at":"2026-11-20T16:02:22.000Z","data":{\
            "created_at":"2026-11-20T16:02:20.000Z","email_id":"56761188-7520-42d8-8898-ff6fc54ce618",\
            "from":"App <app@example.org>","to":["uma@example.com"],"subject":"Welcome",\
            "tags":{"postcard_email_id":"msg_01JDQ4YB2C3D4E5F6G7H8J9K0M"}}}""";

    static String forProvider(String provider) {
        return switch (provider) {
            case "postmark" -> POSTMARK_BOUNCE;
            case "sparkpost" -> SPARKPOST_BATCH;
            case "mailjet" -> MAILJET_BATCH;
            case "brevo" -> BREVO_HARD_BOUNCE;
            default -> throw new IllegalArgumentException(provider);
        };
    }

    /** A Mailgun delivered webhook signed at {@code now} (the server's present) with {@code signingKey}. */
    static String mailgunDelivered(String signingKey, Instant now) {
        String timestamp = String.valueOf(now.getEpochSecond());
        String token = "tok" + Long.toHexString(System.nanoTime()) + "0123456789abcdef0123456789abcdef";
        String signature = ProviderSigning.mailgunSignature(signingKey, timestamp, token);
        return """
                {"signature":{"timestamp":"%s","token":"%s","signature":"%s"},\
                "event-data":{"event":"delivered","timestamp":1763800000.123456,"id":"CPgfbmQMTCKtHW6uIWtuVe",\
                "recipient":"nia@example.com","tags":["welcome"],"user-variables":{"postcard_email_id":"msg_01JDQ4YB2C3D4E5F6G7H8J9K0M"},\
                "delivery-status":{"code":250,"message":"OK","description":"","attempt-no":1},\
                "message":{"headers":{"to":"nia@example.com","message-id":"20261120.1.ABCDEF@mg.example.org",\
                "from":"app@example.org","subject":"Welcome"},"size":1234}}}""".formatted(timestamp, token, signature);
    }
}
