package dev.postcard.http;

import static dev.postcard.http.TestServer.ADMIN_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.TestDatabase;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/** Every refused {@code POST /v1/emails} names its field, and leaves nothing stored or sent. */
class SendProblemsTest {
    private static final String BASE = "\"from\": \"ada@example.com\", \"to\": \"bob@example.org\", \"subject\": \"Hi\", "
            + "\"text\": \"Hello\"";

    record Refusal(String body, int status, String field) {
    }

    @EachDatabase
    void everyRuleNamesItsField(TestDatabase db) {
        RelayDouble relay = new RelayDouble();
        try (TestServer server = SendRoutesTest.start(db, relay)) {
            ApiContract contract = ApiContract.of(server, "");
            String tooLate = server.now().plus(Duration.ofDays(31)).toString();
            String big = Base64.getEncoder().encodeToString(new byte[300]);
            List<Refusal> refusals = List.of(
                    new Refusal("{" + BASE + ", \"bogus\": 1}", 422, "bogus"),
                    new Refusal("{\"to\": \"bob@example.org\", \"subject\": \"Hi\", \"text\": \"x\"}", 422, "from"),
                    new Refusal("{" + BASE.replace("ada@example.com", "ada") + "}", 422, "from"),
                    new Refusal("{\"from\": \"ada@example.com\", \"subject\": \"Hi\", \"text\": \"x\"}", 422, "to"),
                    new Refusal("{" + BASE.replace("\"bob@example.org\"", "[\"a@b.c\", 7]") + "}", 422, "to[1]"),
                    new Refusal("{" + BASE + ", \"cc\": 7}", 422, "cc"),
                    new Refusal("{" + BASE + ", \"bcc\": [null]}", 422, "bcc[0]"),
                    new Refusal("{" + BASE + ", \"reply_to\": [\"nope\"]}", 422, "reply_to[0]"),
                    new Refusal("{" + BASE.replace("\"Hi\"", "\"a\\r\\nBcc: x@y.z\"") + "}", 422, "subject"),
                    new Refusal("{\"from\": \"ada@example.com\", \"to\": \"b@x.org\", \"text\": \"x\"}", 422, "subject"),
                    new Refusal("{\"from\": \"ada@example.com\", \"to\": \"b@x.org\", \"subject\": \"x\"}", 422, "html"),
                    new Refusal("{" + BASE + ", \"html\": 5}", 422, "html"),
                    new Refusal("{" + BASE + ", \"headers\": {\"Subject\": \"x\"}}", 422, "headers.Subject"),
                    new Refusal("{" + BASE + ", \"headers\": {\"X-A\": \"a\\nb\"}}", 422, "headers.X-A"),
                    new Refusal("{" + BASE + ", \"headers\": []}", 422, "headers"),
                    new Refusal("{" + BASE + ", \"attachments\": [{\"filename\": \"a\", \"content\": \"%%%\"}]}", 422,
                            "attachments[0].content"),
                    new Refusal("{" + BASE + ", \"attachments\": [{\"content\": \"" + big + "\"}]}", 422,
                            "attachments[0].filename"),
                    new Refusal("{" + BASE + ", \"tags\": [1]}", 422, "tags[0]"),
                    new Refusal("{" + BASE + ", \"tags\": [\"" + "t\", \"".repeat(50) + "t\"]}", 422, "tags"),
                    new Refusal("{" + BASE + ", \"metadata\": \"x\"}", 422, "metadata"),
                    new Refusal("{" + BASE + ", \"track_opens\": \"no\"}", 422, "track_opens"),
                    new Refusal("{" + BASE + ", \"track_clicks\": 0}", 422, "track_clicks"),
                    new Refusal("{" + BASE + ", \"template_id\": \"tpl_1\"}", 422, "subject"),
                    new Refusal("{\"from\": \"ada@example.com\", \"to\": \"b@x.org\", \"template_id\": \"tpl_1\"}", 422,
                            "template_id"),
                    new Refusal("{" + BASE + ", \"variables\": {\"a\": 1}}", 422, "variables"),
                    new Refusal("{" + BASE + ", \"send_at\": \"soon\"}", 422, "send_at"),
                    new Refusal("{" + BASE + ", \"send_at\": \"" + tooLate + "\"}", 422, "send_at"),
                    new Refusal("[]", 422, ""),
                    new Refusal("{" + BASE, 400, ""));
            for (Refusal refusal : refusals) {
                StoredState.assertUnchanged(server, ADMIN_KEY, () -> server.post("/v1/emails", ADMIN_KEY, refusal.body()),
                        answer -> {
                            assertThat(answer.statusCode()).as(refusal.body() + " → " + answer.body())
                                    .isEqualTo(refusal.status());
                            assertThat(TestServer.json(answer).path("field").asText()).as(refusal.body())
                                    .isEqualTo(refusal.field());
                            contract.assertConforms(answer);
                        });
            }
            assertThat(relay.received()).isEmpty();
        }
    }
}
