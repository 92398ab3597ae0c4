package dev.postcard.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postcard.InvalidInputException;
import dev.postcard.UnprocessableException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventCodecTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);

    private static Event parse(String json) throws Exception {
        return EventCodec.fromInput(EventCodec.MAPPER.readTree(json), CLOCK);
    }

    private static InvalidInputException rejection(String json) {
        try {
            parse(json);
        } catch (InvalidInputException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("accepted: " + json);
    }

    @Test
    void instantsAreWrittenAsTheJdkWritesThemWithMillis() {
        java.time.format.DateTimeFormatter jdk = java.time.format.DateTimeFormatter
                .ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(java.time.ZoneOffset.UTC);
        java.util.SplittableRandom random = new java.util.SplittableRandom(42);
        List<Instant> instants = new java.util.ArrayList<>(List.of(Instant.EPOCH, Instant.EPOCH.minusMillis(1),
                Instant.parse("2026-11-22T10:30:05.123456789Z"), Instant.parse("2028-02-29T23:59:59.999Z"),
                Instant.parse("9999-12-31T23:59:59.999Z"), Instant.parse("+10000-01-01T00:00:00Z"),
                Instant.parse("-0001-06-01T12:00:00Z")));
        for (int i = 0; i < 100_000; i++) {
            instants.add(Instant.ofEpochSecond(random.nextLong(-100_000_000_000L, 300_000_000_000L),
                    random.nextInt(1_000_000_000)));
        }
        for (Instant instant : instants) {
            assertThat(EventCodec.formatInstant(instant)).as(instant.toString())
                    .isEqualTo(jdk.format(instant.truncatedTo(java.time.temporal.ChronoUnit.MILLIS)));
        }
    }

    @Test
    void fillsIdTimeAndTypeTimestamp() throws Exception {
        Event event = parse("{\"type\": \"email.bounced\", \"data\": {\"to\": \"User@Example.COM\", \"bounce_type\": \"hard\"}}");
        assertThat(IdPrefix.EVENT.matches(event.id())).isTrue();
        assertThat(event.createdAt()).isEqualTo(CLOCK.instant());
        assertThat(event.recipient()).contains("user@example.com");
        assertThat(event.text("bounced_at")).contains("2026-11-22T10:00:00.000Z");
    }

    @Test
    void typeTimestampBecomesCreatedAtWhenOnlyItIsGiven() throws Exception {
        Event event = parse("{\"type\": \"email.opened\", \"data\": {\"opened_at\": \"2026-11-20T08:00:00+01:00\"}}");
        assertThat(event.createdAt()).isEqualTo(Instant.parse("2026-11-20T07:00:00Z"));
        assertThat(event.text("opened_at")).contains("2026-11-20T07:00:00.000Z");
    }

    @Test
    void envelopeIsWrittenInContractOrderAndReadBack() throws Exception {
        Event event = parse("{\"id\": \"evt_1\", \"type\": \"email.delivered\", \"created_at\": \"2026-11-22T10:30:05.123Z\","
                + " \"data\": {\"email_id\": \"msg_1\", \"smtp_response\": \"250 OK\"}}");
        String json = EventCodec.toJson(event);
        assertThat(json).startsWith("{\"id\":\"evt_1\",\"type\":\"email.delivered\",\"created_at\":\"2026-11-22T10:30:05.123Z\",\"data\":{");
        assertThat(EventCodec.fromStoredJson(json)).isEqualTo(event);
    }

    @Test
    void errorsNameTheField() {
        assertThat(rejection("{\"data\": {}}").field()).isEqualTo("type");
        assertThat(rejection("{\"type\": \"email.sent\"}").field()).isEqualTo("data");
        assertThat(rejection("{\"type\": \"email.sent\", \"data\": []}").field()).isEqualTo("data");
        assertThat(rejection("{\"type\": \"email.sent\", \"data\": {\"colour\": 1}}").field()).isEqualTo("data.colour");
        assertThat(rejection("{\"type\": \"email.sent\", \"data\": {\"to\": \"nobody\"}}").field()).isEqualTo("data.to");
        assertThat(rejection("{\"type\": \"email.sent\", \"data\": {\"tags\": [1]}}").field()).isEqualTo("data.tags[0]");
        assertThat(rejection("{\"type\": \"email.sent\", \"data\": {}, \"created_at\": \"yesterday\"}").field()).isEqualTo("created_at");
        assertThat(rejection("{\"type\": \"email.bounced\", \"data\": {\"bounce_type\": \"firm\"}}").field()).isEqualTo("data.bounce_type");
        assertThat(rejection("{\"type\": \"email.clicked\", \"data\": {\"url\": \"javascript:alert(1)\"}}").field()).isEqualTo("data.url");
        assertThat(rejection("{\"type\": \"email.sent\", \"data\": {}, \"id\": \"has space\"}").field()).isEqualTo("id");
        assertThat(rejection("{\"type\": \"email.sent\", \"data\": {}, \"extra\": 1}").field()).isEqualTo("extra");
    }

    @Test
    void unknownAndOperationalTypesAreUnprocessable() {
        assertThat(rejection("{\"type\": \"email.teleported\", \"data\": {}}")).isInstanceOf(UnprocessableException.class);
        assertThat(rejection("{\"type\": \"api_key.created\", \"data\": {}}")).isInstanceOf(UnprocessableException.class);
    }

    @Test
    void nullFieldsAreDropped() throws Exception {
        Event event = parse("{\"type\": \"email.sent\", \"data\": {\"subject\": null, \"to\": \"a@b.c\"}}");
        JsonNode data = event.data();
        assertThat(data.has("subject")).isFalse();
    }

    @Test
    void eventCannotBeChangedThroughItsData() throws Exception {
        Event event = parse("{\"type\": \"email.sent\", \"data\": {\"to\": \"a@b.c\"}}");
        event.data().put("to", "evil@b.c");
        assertThat(event.recipient()).contains("a@b.c");
    }
}
