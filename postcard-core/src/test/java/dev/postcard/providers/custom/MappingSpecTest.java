package dev.postcard.providers.custom;

import static dev.postcard.providers.custom.CustomTesting.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postcard.InvalidInputException;
import dev.postcard.event.EventType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MappingSpecTest {

    private static InvalidInputException refused(String mapping) {
        try {
            MappingSpec.parse(json("{\"m\": " + mapping + "}").get("m"));
        } catch (InvalidInputException e) {
            return e;
        }
        throw new AssertionError("accepted: " + mapping);
    }

    @Test
    void readsAFullMappingAndWritesItNormalised() {
        MappingSpec spec = MappingSpec.parse(json("""
                {"events": "/events", "type": "/event", "types": {"delivered": "email.delivered", "hard": "bounced",
                 "open": "opened"},
                 "email_id": "/meta/postcard_email_id", "recipient": "/to", "timestamp": "/ts",
                 "timestamp_format": "unix", "provider_message_id": "/message/id", "event_id": "/id",
                 "metadata": "/meta", "tags": "/tags",
                 "fields": {"bounce_type": "/bounce/kind", "smtp_response": "/resp", "url": "/link"},
                 "bounce_types": {"permanent": "hard", "transient": "Soft"}}
                """));
        assertThat(spec.events()).contains("/events");
        assertThat(spec.types()).containsEntry("hard", EventType.EMAIL_BOUNCED)
                .containsEntry("open", EventType.EMAIL_OPENED);
        assertThat(spec.timestampFormat()).isEqualTo(MappingSpec.TimestampFormat.UNIX);
        assertThat(spec.bounceTypes()).containsEntry("transient", "soft");
        assertThat(spec.toJson().path("types").path("hard").asText()).isEqualTo("email.bounced");
        assertThat(spec.toJson().path("timestamp_format").asText()).isEqualTo("unix");
        // The normalised form reads back to the same mapping.
        assertThat(MappingSpec.parse(spec.toJson())).isEqualTo(spec);
    }

    @Test
    void defaultsAreIso8601AndNoEventsPointer() {
        MappingSpec spec = MappingSpec.parse(json("{\"type\": \"\", \"types\": {\"d\": \"email.delivered\"}}"));
        assertThat(spec.events()).isEmpty();
        assertThat(spec.type()).isEmpty();
        assertThat(spec.timestampFormat()).isEqualTo(MappingSpec.TimestampFormat.ISO8601);
        assertThat(spec.toJson().path("timestamp_format").asText()).isEqualTo("iso8601");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "null | mapping",
            "[] | mapping",
            "\"x\" | mapping",
            "{\"types\": {\"d\": \"delivered\"}} | mapping.type",
            "{\"type\": \"event\", \"types\": {\"d\": \"delivered\"}} | mapping.type",
            "{\"type\": 3, \"types\": {\"d\": \"delivered\"}} | mapping.type",
            "{\"type\": \"/e\"} | mapping.types",
            "{\"type\": \"/e\", \"types\": {}} | mapping.types",
            "{\"type\": \"/e\", \"types\": [\"delivered\"]} | mapping.types",
            "{\"type\": \"/e\", \"types\": {\"d\": \"email.nope\"}} | mapping.types.d",
            "{\"type\": \"/e\", \"types\": {\"d\": \"endpoint.disabled\"}} | mapping.types.d",
            "{\"type\": \"/e\", \"types\": {\"d\": 1}} | mapping.types.d",
            "{\"type\": \"/e\", \"types\": {\"\": \"delivered\"}} | mapping.types.",
            "{\"type\": \"/e\", \"types\": {\"d\": \"delivered\"}, \"recipent\": \"/to\"} | mapping.recipent",
            "{\"type\": \"/e\", \"types\": {\"d\": \"delivered\"}, \"recipient\": \"to\"} | mapping.recipient",
            "{\"type\": \"/e\", \"types\": {\"d\": \"delivered\"}, \"events\": \"events\"} | mapping.events",
            "{\"type\": \"/e\", \"types\": {\"d\": \"delivered\"}, \"email_id\": {}} | mapping.email_id",
            "{\"type\": \"/e\", \"types\": {\"d\": \"delivered\"}, \"timestamp\": \"ts\"} | mapping.timestamp",
            "{\"type\": \"/e\", \"types\": {\"d\": \"delivered\"}, \"timestamp_format\": \"rfc822\"} | mapping.timestamp_format",
            "{\"type\": \"/e\", \"types\": {\"d\": \"delivered\"}, \"timestamp_format\": 1} | mapping.timestamp_format",
            "{\"type\": \"/e\", \"types\": {\"d\": \"delivered\"}, \"provider_message_id\": \"id\"} | mapping.provider_message_id",
            "{\"type\": \"/e\", \"types\": {\"d\": \"delivered\"}, \"event_id\": 5} | mapping.event_id",
            "{\"type\": \"/e\", \"types\": {\"d\": \"delivered\"}, \"metadata\": \"meta\"} | mapping.metadata",
            "{\"type\": \"/e\", \"types\": {\"d\": \"delivered\"}, \"tags\": [\"/t\"]} | mapping.tags",
            "{\"type\": \"/e\", \"types\": {\"d\": \"delivered\"}, \"fields\": []} | mapping.fields",
            "{\"type\": \"/e\", \"types\": {\"d\": \"delivered\"}, \"fields\": {\"colour\": \"/c\"}} | mapping.fields.colour",
            "{\"type\": \"/e\", \"types\": {\"d\": \"delivered\"}, \"fields\": {\"delivered_at\": \"/c\"}} | mapping.fields.delivered_at",
            "{\"type\": \"/e\", \"types\": {\"d\": \"delivered\"}, \"fields\": {\"to\": \"/c\"}} | mapping.fields.to",
            "{\"type\": \"/e\", \"types\": {\"d\": \"delivered\"}, \"fields\": {\"url\": \"link\"}} | mapping.fields.url",
            "{\"type\": \"/e\", \"types\": {\"d\": \"delivered\"}, \"bounce_types\": {\"p\": \"permanent\"}} | mapping.bounce_types.p",
            "{\"type\": \"/e\", \"types\": {\"d\": \"delivered\"}, \"bounce_types\": \"hard\"} | mapping.bounce_types",
    })
    void errorsNameTheField(String mapping, String field) {
        InvalidInputException e = refused(mapping);
        assertThat(e.field()).isEqualTo(field);
        assertThat(e.getMessage()).isNotBlank();
    }

    @Test
    void refusesOverlongPointers() {
        String longPointer = "/" + "a".repeat(600);
        assertThat(refused("{\"type\": \"" + longPointer + "\", \"types\": {\"d\": \"delivered\"}}").field())
                .isEqualTo("mapping.type");
    }

    @Test
    void typeValuesMayBeAliasesOrWireNames() {
        MappingSpec spec = MappingSpec.parse(json("""
                {"type": "/e", "types": {"a": "sent", "b": "email.delivery_delayed", "c": "Complained",
                 "d": "unsubscribed", "e": "dropped", "f": "email.failed", "g": "clicked"}}"""));
        assertThat(spec.types().values()).containsExactly(EventType.EMAIL_SENT, EventType.EMAIL_DELIVERY_DELAYED,
                EventType.EMAIL_COMPLAINED, EventType.EMAIL_UNSUBSCRIBED, EventType.EMAIL_DROPPED,
                EventType.EMAIL_FAILED, EventType.EMAIL_CLICKED);
    }

    @Test
    void pointerPathsAreDottedAndUnescaped() {
        assertThat(MappingParser.path("/bounce/kind")).isEqualTo("bounce.kind");
        assertThat(MappingParser.path("/a~1b/c~0d")).isEqualTo("a/b.c~d");
        assertThat(MappingParser.path("")).isEmpty();
    }

    @Test
    void nullOptionalFieldsAreAbsent() {
        MappingSpec spec = MappingSpec.parse(json("""
                {"type": "/e", "types": {"d": "delivered"}, "recipient": null, "fields": null, "bounce_types": null}"""));
        assertThat(spec.recipient()).isEmpty();
        assertThat(spec.fields()).isEmpty();
        assertThatThrownBy(() -> MappingSpec.parse(null)).isInstanceOf(InvalidInputException.class);
    }
}
