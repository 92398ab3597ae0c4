package dev.postcard.verify;

import static dev.postcard.verify.TestRequests.BODY;
import static dev.postcard.verify.TestRequests.ID;
import static dev.postcard.verify.TestRequests.NOW;
import static dev.postcard.verify.TestRequests.SECRET;
import static dev.postcard.verify.TestRequests.headers;
import static dev.postcard.verify.TestRequests.signed;
import static dev.postcard.verify.TestRequests.verifierAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.Headers;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Finding and reading the three headers, whatever the receiver's HTTP library hands over. */
class RequestHeadersTest {
    private final SignatureHeaders signed = signed(SECRET, NOW, BODY);
    private final WebhookVerifier verifier = verifierAt(NOW, SECRET);

    @ParameterizedTest
    @ValueSource(strings = {"webhook-id", "webhook-timestamp", "webhook-signature"})
    void aMissingHeaderIsReportedByName(String name) {
        Map<String, List<String>> headers = headers(signed);
        headers.remove(name);

        assertThatThrownBy(() -> verifier.verify(BODY, headers))
                .isInstanceOfSatisfying(MissingHeaderException.class, e -> assertThat(e.headerName()).isEqualTo(name))
                .hasMessage("missing header " + name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"webhook-id", "webhook-timestamp", "webhook-signature"})
    void anEmptyHeaderIsMalformedAndReportedByName(String name) {
        Map<String, List<String>> headers = headers(signed);
        headers.put(name, List.of("  "));

        assertThatThrownBy(() -> verifier.verify(BODY, headers))
                .isInstanceOfSatisfying(MalformedHeaderException.class, e -> assertThat(e.headerName()).isEqualTo(name))
                .hasMessageContaining(name);
    }

    @Test
    void aHeaderWithNoValuesCountsAsMissing() {
        Map<String, List<String>> headers = headers(signed);
        headers.put(SignatureHeaders.ID, List.of());

        assertThatThrownBy(() -> verifier.verify(BODY, headers)).isInstanceOf(MissingHeaderException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"hello", "-1750000000", "+1750000000", "01750000000", "1750000000.0", "1.75e9",
            "1750000000000000000000"})
    void aTimestampThatIsNotPlainUnixSecondsIsMalformed(String timestamp) {
        Map<String, List<String>> headers = headers(signed);
        headers.put(SignatureHeaders.TIMESTAMP, List.of(timestamp));

        assertThatThrownBy(() -> verifier.verify(BODY, headers))
                .isInstanceOfSatisfying(MalformedHeaderException.class,
                        e -> assertThat(e.headerName()).isEqualTo("webhook-timestamp"))
                .hasMessageContaining("webhook-timestamp")
                .hasMessageContaining("unix seconds");
    }

    @Test
    void aMalformedTimestampIsQuotedOnlyWhenShortAndPrintable() {
        Map<String, List<String>> headers = headers(signed);
        headers.put(SignatureHeaders.TIMESTAMP, List.of("x".repeat(100)));

        assertThatThrownBy(() -> verifier.verify(BODY, headers))
                .hasMessageEndingWith("got 100 characters")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("xxxx"));
    }

    @Test
    void aRepeatedIdIsMalformedRatherThanOneOfThemChosen() {
        Map<String, List<String>> headers = headers(signed);
        headers.put("WEBHOOK-ID", List.of("evt_other"));

        assertThatThrownBy(() -> verifier.verify(BODY, headers))
                .isInstanceOf(MalformedHeaderException.class)
                .hasMessageContaining("webhook-id")
                .hasMessageContaining("appears 2 times");
    }

    @Test
    void matchesHeaderNamesIgnoringCase() {
        Map<String, List<String>> headers = new HashMap<>();
        headers.put("WEBHOOK-ID", List.of(signed.id()));
        headers.put("Webhook-Timestamp", List.of(Long.toString(signed.timestamp())));
        headers.put("wEbHoOk-SiGnAtUrE", List.of(signed.webhookSignature()));

        assertThatCode(() -> verifier.verify(BODY, headers)).doesNotThrowAnyException();
    }

    @Test
    void toleratesTheNullKeyAndNullValuesSomeHeaderMapsHold() {
        Map<String, List<String>> headers = headers(signed);
        headers.put(null, List.of("HTTP/1.1 200 OK"));
        headers.put("X-Other", null);

        assertThatCode(() -> verifier.verify(BODY, headers)).doesNotThrowAnyException();
    }

    @Test
    void readsTheJdkHttpServerHeadersDirectly() {
        Headers headers = new Headers();
        signed.asMap().forEach(headers::add);

        assertThatCode(() -> verifier.verify(BODY, headers)).doesNotThrowAnyException();
    }

    @Test
    void readsHeadersThroughALookupFunction() {
        Headers headers = new Headers();
        signed.asMap().forEach(headers::add);

        assertThatCode(() -> verifier.verify(BODY, name -> Optional.ofNullable(headers.getFirst(name))))
                .doesNotThrowAnyException();
    }

    @Test
    void aLookupFunctionThatFindsNothingReportsTheFirstMissingHeader() {
        assertThatThrownBy(() -> verifier.verify(BODY, name -> Optional.empty()))
                .isInstanceOfSatisfying(MissingHeaderException.class,
                        e -> assertThat(e.headerName()).isEqualTo("webhook-id"));
    }

    @Test
    void aLookupFunctionSeesTheLowercaseHeaderNames() {
        Map<String, String> lowercaseOnly = Map.of(
                "webhook-id", ID,
                "webhook-timestamp", Long.toString(NOW),
                "webhook-signature", signed.webhookSignature());

        assertThatCode(() -> verifier.verify(BODY, name -> Optional.ofNullable(lowercaseOnly.get(name))))
                .doesNotThrowAnyException();
    }

    @Test
    void trimsSurroundingWhitespaceFromHeaderValues() {
        Map<String, List<String>> headers = headers(" " + ID + " ", " " + NOW + "\t", signed.webhookSignature() + " ");

        assertThatCode(() -> verifier.verify(BODY, headers)).doesNotThrowAnyException();
    }
}
