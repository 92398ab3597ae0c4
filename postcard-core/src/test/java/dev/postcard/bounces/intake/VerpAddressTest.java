package dev.postcard.bounces.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postcard.event.IdPrefix;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerpAddressTest {
    private static final String ID = IdPrefix.MESSAGE.newId();

    @Test
    void formatsAndParsesTheReturnPath() {
        String address = VerpAddress.format("bounce", ID, "Bounces.Example.com");
        assertThat(address).isEqualTo("bounce+" + ID + "@bounces.example.com");
        VerpAddress parsed = VerpAddress.parse("<" + address + ">", List.of("bounces.example.com")).orElseThrow();
        assertThat(parsed).isEqualTo(new VerpAddress("bounce", ID, "bounces.example.com"));
    }

    @Test
    void theDomainAndTheIdsLettersMayChangeCase() {
        VerpAddress parsed = VerpAddress.parse(("bounce+" + ID + "@BOUNCES.EXAMPLE.COM").toLowerCase(),
                List.of("Bounces.Example.Com")).orElseThrow();
        assertThat(parsed.emailId()).isEqualTo(ID);
        assertThat(VerpAddress.parse("BOUNCE+" + ID.toUpperCase() + "@bounces.example.com", List.of("bounces.example.com"))
                .orElseThrow().emailId()).isEqualTo(ID);
    }

    @Test
    void otherAddressesAreNotReturnPaths() {
        List<String> domains = List.of("bounces.example.com");
        assertThat(VerpAddress.parse("bounce+" + ID + "@other.example.com", domains)).isEmpty();
        assertThat(VerpAddress.parse("bounce@bounces.example.com", domains)).isEmpty();
        assertThat(VerpAddress.parse("bounce+msg_nope@bounces.example.com", domains)).isEmpty();
        assertThat(VerpAddress.parse("bounce+" + IdPrefix.EVENT.newId() + "@bounces.example.com", domains)).isEmpty();
        assertThat(VerpAddress.parse("+" + ID + "@bounces.example.com", domains)).isEmpty();
        assertThat(VerpAddress.parse("a+b+" + ID + "@bounces.example.com", domains)).isEmpty();
        assertThat(VerpAddress.parse("bounce+" + ID + "@", domains)).isEmpty();
        assertThat(VerpAddress.parse(null, domains)).isEmpty();
        // Without configured domains any domain is accepted: the id is still checked against the store.
        assertThat(VerpAddress.parse("bounce+" + ID + "@other.example.com", List.of())).isPresent();
    }

    @Test
    void refusesToFormatWhatItCouldNotParse() {
        assertThatThrownBy(() -> VerpAddress.format("bounce", "msg_nope", "b.example.com"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VerpAddress.format("a+b", ID, "b.example.com"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
