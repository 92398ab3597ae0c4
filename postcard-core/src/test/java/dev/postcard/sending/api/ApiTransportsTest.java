package dev.postcard.sending.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postcard.InvalidInputException;
import dev.postcard.sending.Transport;
import dev.postcard.sending.TransportResult;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The transport URLs of POSTCARD_SEND_TRANSPORTS. */
class ApiTransportsTest {
    @Test
    void readsEachProvidersUrl() {
        assertThat(ApiTransports.parse("resend://re_123@api.resend.com")).isInstanceOf(ResendTransport.class)
                .extracting(Transport::name).isEqualTo("resend");
        assertThat(ApiTransports.parse("sendgrid://SG.abc.def@api.sendgrid.com/")).isInstanceOf(SendGridTransport.class);
        assertThat(ApiTransports.parse("postmark://token@api.postmarkapp.com")).isInstanceOfSatisfying(PostmarkTransport.class,
                p -> assertThat(p.messageStream()).isEqualTo("outbound"));
        assertThat(ApiTransports.parse("postmark://token@api.postmarkapp.com?message_stream=broadcast"))
                .isInstanceOfSatisfying(PostmarkTransport.class, p -> assertThat(p.messageStream()).isEqualTo("broadcast"));
        assertThat(ApiTransports.parse("mailgun://key-1@api.eu.mailgun.net/mg.example.com"))
                .isInstanceOfSatisfying(MailgunTransport.class, m -> {
                    assertThat(m.domain()).isEqualTo("mg.example.com");
                    assertThat(m.toString()).as("the EU host is kept").contains("api.eu.mailgun.net");
                });
        assertThat(ApiTransports.parse("mailgun://key-1@api.mailgun.net/MG.Example.com").toString())
                .contains("api.mailgun.net").contains("mg.example.com");
        assertThat(ApiTransports.parse("ses://AKIDEXAMPLE:wJalr%2FK7MDENG%2BbPxR@email.eu-west-1.amazonaws.com?configuration_set=events"))
                .isInstanceOfSatisfying(SesTransport.class, s -> {
                    assertThat(s.region()).isEqualTo("eu-west-1");
                    assertThat(s.configurationSet()).contains("events");
                });
    }

    @Test
    void theSecretIsDecodedAndSentAsGiven() {
        try (LocalProvider resend = new LocalProvider()) {
            resend.answer(200, "{\"id\":\"e-1\"}");

            Transport transport = ApiTransports.parse("resend://re_a%2Bb%2Fc%40d@api.resend.com", Fixtures.client(), resend.base());
            assertThat(transport.send(Fixtures.copyForAda())).isInstanceOf(TransportResult.Accepted.class);

            assertThat(resend.take().getHeaders().get("Authorization")).isEqualTo("Bearer re_a+b/c@d");
        }
    }

    @Test
    void anSesSecretWithSlashesAndPlusesSignsTheSameAsTheDecodedSecret() {
        try (LocalProvider ses = new LocalProvider()) {
            ses.answer(200, "{\"MessageId\":\"m\"}");
            ses.answer(200, "{\"MessageId\":\"m\"}");

            ApiTransports.parse("ses://AKID:a%2Fb%2Bc@email.us-east-1.amazonaws.com", Fixtures.client(), ses.base())
                    .send(Fixtures.plainToOne());
            new SesTransport(Fixtures.client(), ses.base(), "us-east-1", "AKID", "a/b+c", Optional.empty()).send(Fixtures.plainToOne());

            assertThat(ses.take().getHeaders().get("Authorization")).isEqualTo(ses.take().getHeaders().get("Authorization"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "resend://re_123@api.resend.com.evil.example",
            "resend://re_123@evil.example",
            "sendgrid://SG.key@api.resend.com",
            "postmark://token@127.0.0.1",
            "mailgun://key@api.mailgun.org/mg.example.com",
            "ses://AKID:secret@email.eu-west-1.amazonaws.com.evil.example",
            "ses://AKID:secret@sqs.eu-west-1.amazonaws.com",
            "resend://re_123@api.resend.com:8443",
    })
    void onlyTheProvidersDocumentedHostsAreTaken(String url) {
        assertThatThrownBy(() -> ApiTransports.parse(url)).isInstanceOfSatisfying(InvalidInputException.class, e -> {
            assertThat(e.field()).isEqualTo("POSTCARD_SEND_TRANSPORTS");
            assertThat(e.getMessage()).startsWith("POSTCARD_SEND_TRANSPORTS: ");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "resend://api.resend.com",
            "ses://AKID@email.eu-west-1.amazonaws.com",
            "mailgun://key@api.mailgun.net",
            "mailgun://key@api.mailgun.net/not a domain",
            "postmark://token@api.postmarkapp.com?stream=outbound",
            "postmark://token@api.postmarkapp.com?message_stream=out%20bound",
            "ses://AKID:secret@email.eu-west-1.amazonaws.com?configuration_set=a.b",
            "sendgrid://SG.key@api.sendgrid.com/v3",
            "smtp://user:pass@smtp.example.com",
            "resend://re_123@api.resend.com#x",
            "resend://re_1%0A23@api.resend.com",
            "resend://apikey:re_123@api.resend.com",
            "sendgrid://SG.k%C3%A9y@api.sendgrid.com",
            "ses://AKID:se%20cret@email.eu-west-1.amazonaws.com",
            "",
    })
    void aUrlThatBreaksARuleIsAClearProblem(String url) {
        assertThatThrownBy(() -> ApiTransports.parse(url)).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(e.field()).isEqualTo("POSTCARD_SEND_TRANSPORTS"));
    }

    @Test
    void aProblemNeverRepeatsTheSecret() {
        for (String url : new String[] {"resend://re_SECRET@api.resend.example", "ses://AKID:SECRET%zz@email.eu-west-1.amazonaws.com",
                "ses://AKID:SE/CRET@email.eu-west-1.amazonaws.com", "postmark://SECRET@api.postmarkapp.com?x=1"}) {
            assertThatThrownBy(() -> ApiTransports.parse(url)).isInstanceOf(InvalidInputException.class)
                    .extracting(Throwable::getMessage).asString().doesNotContain("SECRET").doesNotContain("SE/CRET");
        }
    }

    @Test
    void tellsItsSchemesFromOthers() {
        assertThat(ApiTransports.handles("ses://a:b@email.eu-west-1.amazonaws.com")).isTrue();
        assertThat(ApiTransports.handles("Resend://k@api.resend.com")).isTrue();
        assertThat(ApiTransports.handles("smtp://relay.example.com")).isFalse();
        assertThat(ApiTransports.handles("resend")).isFalse();
    }

    @Test
    void aTransportDoesNotShowItsSecret() {
        assertThat(ApiTransports.parse("ses://AKIDEXAMPLE:topsecret@email.eu-west-1.amazonaws.com").toString())
                .doesNotContain("topsecret").doesNotContain("AKIDEXAMPLE");
        assertThat(ApiTransports.parse("mailgun://key-topsecret@api.mailgun.net/mg.example.com").toString()).doesNotContain("topsecret");
        assertThat(ApiTransports.parse("postmark://topsecret@api.postmarkapp.com").toString()).doesNotContain("topsecret");
    }
}
