package dev.postcard.bounces.reasons;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.event.BounceType;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReasonNameTest {
    private static final Set<String> DESIGN_VOCABULARY = Set.of("user_unknown", "mailbox_full", "host_unknown",
            "blocked", "spam_detected", "policy", "expired", "message_too_large", "content_rejected", "rate_limited",
            "security", "system_error", "network_error", "suppressed_by_provider", "undetermined");

    @Test
    void hardExactlyForTheAddressesThatWillNeverWork() {
        EnumSet<ReasonName> hard = EnumSet.noneOf(ReasonName.class);
        for (ReasonName name : ReasonName.values()) {
            if (name.type() == BounceType.HARD) {
                hard.add(name);
            }
        }
        assertThat(hard).containsExactlyInAnyOrder(ReasonName.USERUNKNOWN, ReasonName.HOSTUNKNOWN,
                ReasonName.HASMOVED, ReasonName.NOTACCEPT);
    }

    @Test
    void everyReasonReportsADesignBounceReason() {
        for (ReasonName name : ReasonName.values()) {
            assertThat(DESIGN_VOCABULARY).as(name.detail()).contains(name.bounceReason().wireName());
            assertThat(name.reason().detail()).isEqualTo(name.detail());
            assertThat(name.reason().bounceReason()).isEqualTo(name.bounceReason());
            assertThat(name.reason().type()).isEqualTo(name.type());
        }
    }

    @Test
    void detailsAreTheStandardLowerCaseNamesOnce() {
        assertThat(Arrays.stream(ReasonName.values()).map(ReasonName::detail))
                .doesNotHaveDuplicates()
                .allMatch(d -> d.matches("[a-z]+"))
                .contains("userunknown", "hostunknown", "hasmoved", "notaccept", "mailboxfull", "systemfull",
                        "mesgtoobig", "exceedlimit", "filtered", "rejected", "blocked", "spamdetected",
                        "virusdetected", "policyviolation", "contenterror", "securityerror", "authfailure",
                        "requireptr", "badreputation", "norelaying", "expired", "suspend", "toomanyconn", "speeding",
                        "systemerror", "mailererror", "networkerror", "notcompliantrfc", "syntaxerror", "onhold",
                        "undefined");
    }

    @Test
    void theWellKnownMappings() {
        assertThat(ReasonName.USERUNKNOWN.bounceReason().wireName()).isEqualTo("user_unknown");
        assertThat(ReasonName.MAILBOXFULL.bounceReason().wireName()).isEqualTo("mailbox_full");
        assertThat(ReasonName.SPEEDING.bounceReason().wireName()).isEqualTo("rate_limited");
        assertThat(ReasonName.SUPPRESSED.bounceReason().wireName()).isEqualTo("suppressed_by_provider");
        assertThat(ReasonName.UNDEFINED.bounceReason().wireName()).isEqualTo("undetermined");
        assertThat(ReasonName.SUSPEND.type()).isEqualTo(BounceType.SOFT);
    }
}
