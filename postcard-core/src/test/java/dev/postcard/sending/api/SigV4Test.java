package dev.postcard.sending.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * AWS's published Signature Version 4 test suite (aws-sig-v4-test-suite): the example credentials, region
 * us-east-1, service "service", 2015-08-30T12:36:00Z, host example.amazonaws.com.
 */
class SigV4Test {
    private static final SigV4 SIGNER = new SigV4("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            "us-east-1", "service");
    private static final Instant AT = Instant.parse("2015-08-30T12:36:00Z");
    private static final List<Map.Entry<String, String>> HOST = List.of(Map.entry("Host", "example.amazonaws.com"));
    private static final String CREDENTIAL = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, ";

    @Test
    void getVanillaMatchesTheCanonicalRequestStringToSignAndSignature() {
        SigV4.Signed signed = SIGNER.sign("GET", "/", List.of(), HOST, new byte[0], AT);

        assertThat(signed.canonicalRequest()).isEqualTo("""
                GET
                /

                host:example.amazonaws.com
                x-amz-date:20150830T123600Z

                host;x-amz-date
                e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855""");
        assertThat(signed.stringToSign()).isEqualTo("""
                AWS4-HMAC-SHA256
                20150830T123600Z
                20150830/us-east-1/service/aws4_request
                bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63""");
        assertThat(signed.amzDate()).isEqualTo("20150830T123600Z");
        assertThat(signed.authorization()).isEqualTo(CREDENTIAL + "SignedHeaders=host;x-amz-date, "
                + "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
    }

    @Test
    void getVanillaQueryOrderKeyCaseSortsTheParameters() {
        SigV4.Signed signed = SIGNER.sign("GET", "/", List.of(Map.entry("Param2", "value2"), Map.entry("Param1", "value1")),
                HOST, new byte[0], AT);

        assertThat(signed.canonicalRequest()).startsWith("GET\n/\nParam1=value1&Param2=value2\n");
        assertThat(signed.signature()).isEqualTo("b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500");
    }

    @Test
    void getUtf8EncodesThePathAsUtf8Bytes() {
        SigV4.Signed signed = SIGNER.sign("GET", "/ሴ", List.of(), HOST, new byte[0], AT);

        assertThat(signed.canonicalRequest()).startsWith("GET\n/%E1%88%B4\n");
        assertThat(signed.signature()).isEqualTo("8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85");
    }

    @Test
    void postVanillaSignsAnEmptyBody() {
        SigV4.Signed signed = SIGNER.sign("POST", "/", List.of(), HOST, new byte[0], AT);

        assertThat(signed.stringToSign()).endsWith("553f88c9e4d10fc9e109e2aeb65f030801b70c2f6468faca261d401ae622fc87");
        assertThat(signed.signature()).isEqualTo("5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b");
    }

    @Test
    void postXWwwFormUrlencodedSignsTheContentTypeAndTheBody() {
        SigV4.Signed signed = SIGNER.sign("POST", "/", List.of(),
                List.of(Map.entry("Content-Type", "application/x-www-form-urlencoded"), Map.entry("Host", "example.amazonaws.com")),
                "Param1=value1".getBytes(StandardCharsets.UTF_8), AT);

        assertThat(signed.canonicalRequest()).isEqualTo("""
                POST
                /

                content-type:application/x-www-form-urlencoded
                host:example.amazonaws.com
                x-amz-date:20150830T123600Z

                content-type;host;x-amz-date
                9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e""");
        assertThat(signed.stringToSign()).endsWith("42a5e5bb34198acb3e84da4f085bb7927f2bc277ca766e6d19c73c2154021281");
        assertThat(signed.authorization()).isEqualTo(CREDENTIAL + "SignedHeaders=content-type;host;x-amz-date, "
                + "Signature=ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a");
    }

    @Test
    void anotherSecretGivesAnotherSignature() {
        SigV4 other = new SigV4("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEZ", "us-east-1", "service");

        assertThat(other.sign("GET", "/", List.of(), HOST, new byte[0], AT).signature())
                .isNotEqualTo("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
    }

    @Test
    void theSignerDoesNotShowTheSecret() {
        assertThat(SIGNER.toString()).doesNotContain("wJalr").doesNotContain("AKID");
    }
}
