package dev.postcard.sending;

import static dev.postcard.sending.SendFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postcard.UnprocessableException;
import java.util.Base64;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Reading a send from JSON: every refusal names the field that broke a rule. */
class SendRequestJsonTest {
    private static final String VALID = """
            {"from": "ada@example.com", "to": "bob@example.org", "subject": "Hi", "text": "Hello"}""";

    @Test
    void aLoneAddressAndAnArrayAreBothRecipients() {
        SendRequest request = SendRequestJson.parse(json("""
                {"from": "Ada <ada@example.com>", "to": "bob@example.org", "cc": ["c@example.org"],
                 "bcc": [], "subject": "Hi", "html": "<p>x</p>", "track_opens": false,
                 "attachments": [{"filename": "a.csv", "content": "%s", "content_type": "text/csv"}]}"""
                .formatted(Base64.getEncoder().encodeToString("a,b\\n".getBytes()))));
        assertThat(request.recipients()).containsExactly("bob@example.org", "c@example.org");
        assertThat(request.trackOpens()).isFalse();
        assertThat(request.trackClicks()).as("default").isTrue();
        assertThat(request.attachments().getFirst().contentType()).isEqualTo("text/csv");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            "bogus": 1                                                    | bogus
            "from": 5                                                     | from
            "from": "not an address"                                      | from
            "from": "ada@example.com\\r\\nBcc: x@y.z"                     | from
            "to": 5                                                       | to
            "to": ["a@b.c", 5]                                            | to[1]
            "cc": {"a": 1}                                                | cc
            "reply_to": ["nope"]                                          | reply_to[0]
            "subject": "a\\nb"                                            | subject
            "headers": {"From": "x@y.z"}                                  | headers.From
            "headers": {"Content-Type": "text/plain"}                     | headers.Content-Type
            "headers": {"List-Unsubscribe": "<x>"}                        | headers.List-Unsubscribe
            "headers": {"X-Postcard-Email-Id": "x"}                       | headers.X-Postcard-Email-Id
            "headers": {"X-Ok": "a\\r\\nBcc: x@y.z"}                      | headers.X-Ok
            "headers": {"X-Ok": 1}                                        | headers.X-Ok
            "headers": {"Bad Name": "x"}                                  | headers.Bad Name
            "attachments": {}                                             | attachments
            "attachments": [{"content": "eA=="}]                          | attachments[0].filename
            "attachments": [{"filename": "a"}]                            | attachments[0].content
            "attachments": [{"filename": "a", "content": "!!!"}]          | attachments[0].content
            "attachments": [{"filename": "a", "content": "eA==", "x": 1}] | attachments[0].x
            "attachments": [{"filename": "a", "content": "eA==", "content_type": "nope"}] | attachments[0].content_type
            "tags": "a"                                                   | tags
            "metadata": []                                                | metadata
            "track_opens": "yes"                                          | track_opens
            "track_clicks": 1                                             | track_clicks
            "send_at": "tomorrow"                                         | send_at
            "template_id": "tpl_1"                                        | subject
            "variables": {"a": 1}                                         | variables
            """)
    void aFieldThatBreaksARuleIsNamed(String field, String named) {
        String body = VALID.substring(0, VALID.length() - 1) + ", " + field + "}";
        // A field given twice (from, subject, to) is replaced by the later one, as the test means.
        assertThatThrownBy(() -> SendRequestJson.parse(json(body)))
                .isInstanceOfSatisfying(UnprocessableException.class, e -> assertThat(e.field()).isEqualTo(named));
    }

    @Test
    void contentOrATemplateIsRequired() {
        assertThatThrownBy(() -> SendRequestJson.parse(json("""
                {"from": "ada@example.com", "to": "bob@example.org", "text": "x"}""")))
                .isInstanceOfSatisfying(UnprocessableException.class, e -> assertThat(e.field()).isEqualTo("subject"));
        assertThatThrownBy(() -> SendRequestJson.parse(json("""
                {"from": "ada@example.com", "to": "bob@example.org", "subject": "x"}""")))
                .isInstanceOfSatisfying(UnprocessableException.class, e -> assertThat(e.field()).isEqualTo("html"));
        assertThatThrownBy(() -> SendRequestJson.parse(json("""
                {"from": "ada@example.com", "subject": "x", "text": "y"}""")))
                .isInstanceOfSatisfying(UnprocessableException.class, e -> assertThat(e.field()).isEqualTo("to"));
        SendRequest templated = SendRequestJson.parse(json("""
                {"from": "ada@example.com", "to": "b@example.org", "template_id": "tpl_1", "variables": {"n": 1}}"""));
        assertThat(templated.templateId()).contains("tpl_1");
    }

    @Test
    void moreThanAThousandRecipientsAreRefused() {
        String many = "\"a@example.org\", ".repeat(1001);
        assertThatThrownBy(() -> SendRequestJson.parse(json("""
                {"from": "ada@example.com", "to": [%s], "subject": "x", "text": "y"}"""
                .formatted(many.substring(0, many.length() - 2)))))
                .isInstanceOfSatisfying(UnprocessableException.class, e -> assertThat(e.field()).isEqualTo("to"));
    }

    @Test
    void attachmentsOverTenMebibytesAreRefused() {
        String big = Base64.getEncoder().encodeToString(new byte[6 * 1024 * 1024]);
        assertThatThrownBy(() -> SendRequestJson.parse(json("""
                {"from": "ada@example.com", "to": "b@example.org", "subject": "x", "text": "y", "attachments": [
                 {"filename": "a", "content": "%s"}, {"filename": "b", "content": "%s"}]}""".formatted(big, big))))
                .isInstanceOfSatisfying(UnprocessableException.class,
                        e -> assertThat(e.field()).isEqualTo("attachments[1].content"));
    }
}
