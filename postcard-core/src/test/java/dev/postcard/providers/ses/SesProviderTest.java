package dev.postcard.providers.ses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.InvalidInputException;
import dev.postcard.event.EventCodec;
import java.io.IOException;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SesProviderTest {
    final SesProvider provider = new SesProvider();

    static ObjectNode json(String text) throws IOException {
        return (ObjectNode) EventCodec.MAPPER.readTree(text);
    }

    @Test
    void nameIsSes() {
        assertThat(provider.name()).isEqualTo("ses");
    }

    @Test
    void settingsKeepTopicsAndDefaultAutoConfirm() throws IOException {
        ObjectNode stored = provider.settings(json("""
                {"topic_arns": ["arn:aws:sns:us-east-1:123456789012:ses-events",
                                "arn:aws-cn:sns:cn-north-1:123456789012:events.fifo",
                                "arn:aws-us-gov:sns:us-gov-west-1:123456789012:Ses_Events-2",
                                "arn:aws:sns:us-east-1:123456789012:ses-events"]}"""));
        assertThat(stored.path("topic_arns")).hasSize(3);
        assertThat(stored.path("auto_confirm").asBoolean(false)).isTrue();
        ObjectNode off = provider.settings(json("""
                {"topic_arns": ["arn:aws:sns:eu-west-1:123456789012:t"], "auto_confirm": false}"""));
        assertThat(off.path("auto_confirm").asBoolean(true)).isFalse();
        assertThat(SesProvider.autoConfirm(off)).isFalse();
        ObjectNode shown = provider.publicSettings(off);
        assertThat(shown.path("topic_arns").get(0).asText()).isEqualTo("arn:aws:sns:eu-west-1:123456789012:t");
        assertThat(shown.path("auto_confirm").asBoolean(true)).isFalse();
        assertThat(shown.size()).isEqualTo(2);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{}|topic_arns",
            "{\"topic_arns\": null}|topic_arns",
            "{\"topic_arns\": []}|topic_arns",
            "{\"topic_arns\": \"arn:aws:sns:us-east-1:123456789012:t\"}|topic_arns",
            "{\"topic_arns\": [\"arn:aws:sns:us-east-1:123456789012:t\", 5]}|topic_arns[1]",
            "{\"topic_arns\": [\"arn:aws:sqs:us-east-1:123456789012:t\"]}|topic_arns[0]",
            "{\"topic_arns\": [\"arn:aws:sns:us-east-1:12345:t\"]}|topic_arns[0]",
            "{\"topic_arns\": [\"arn:aws:sns:us-east-1:123456789012:\"]}|topic_arns[0]",
            "{\"topic_arns\": [\"arn:aws:sns:us-east-1:123456789012:a b\"]}|topic_arns[0]",
            "{\"topic_arns\": [\"arn:aws:sns:us-east-1:123456789012:*\"]}|topic_arns[0]",
            "{\"topic_arns\": [\"arn:evil:sns:us-east-1:123456789012:t\"]}|topic_arns[0]",
            "{\"topic_arns\": [\"arn:aws:sns:nowhere:123456789012:t\"]}|topic_arns[0]",
            "{\"topic_arns\": [\" arn:aws:sns:us-east-1:123456789012:t\"]}|topic_arns[0]",
            "{\"topic_arns\": [\"arn:aws:sns:us-east-1:123456789012:t\"], \"auto_confirm\": \"yes\"}|auto_confirm",
            "{\"topic_arns\": [\"arn:aws:sns:us-east-1:123456789012:t\"], \"secret\": \"x\"}|secret"})
    void badSettingsNameTheField(String given, String field) {
        assertThatThrownBy(() -> provider.settings(json(given))).isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo(field));
    }

    @Test
    void tooManyTopics() throws IOException {
        ObjectNode given = EventCodec.MAPPER.createObjectNode();
        var arns = given.putArray("topic_arns");
        for (int i = 0; i <= SesProvider.MAX_TOPICS; i++) {
            arns.add("arn:aws:sns:us-east-1:123456789012:t" + i);
        }
        assertThatThrownBy(() -> provider.settings(given)).isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("topic_arns"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=arn:aws:sns:us-east-1:123456789012:t&Token=abc",
            "https://sns.cn-northwest-1.amazonaws.com.cn/?Action=ConfirmSubscription",
            "https://sns.ap-southeast-2.amazonaws.com:443/"})
    void snsUrls(String url) {
        assertThat(SesProvider.isAmazonSnsUrl(URI.create(url))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "http://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription",
            "https://sns.us-east-1.amazonaws.com.evil.example/",
            "https://a@sns.us-east-1.amazonaws.com/",
            "https://sns.us-east-1.amazonaws.com:8443/",
            "https://sqs.us-east-1.amazonaws.com/",
            "https://sns.amazonaws.com/",
            "https://evil.example/?sns.us-east-1.amazonaws.com",
            "https://sns.us-east-1.amazonaws.com/#x",
            "mailto:sns.us-east-1.amazonaws.com",
            "/relative"})
    void notSnsUrls(String url) {
        assertThat(SesProvider.isAmazonSnsUrl(URI.create(url))).isFalse();
    }

    @Test
    void nullIsNotAnSnsUrl() {
        assertThat(SesProvider.isAmazonSnsUrl(null)).isFalse();
    }
}
