package dev.postcard.bounces.intake;

import static dev.postcard.bounces.intake.BounceFixtures.DOMAIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postcard.Postcard;
import dev.postcard.bounces.BounceClassifier;
import dev.postcard.bounces.Classification;
import dev.postcard.bounces.MessageKind;
import dev.postcard.event.Event;
import dev.postcard.event.EventQuery;
import dev.postcard.event.EventType;
import dev.postcard.event.IdPrefix;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.MovableClock;
import dev.postcard.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

class BounceIntakeTest {

    private static Postcard engine(TestDatabase db) {
        return Postcard.builder().databaseUrl(db.url()).deliveryWorker(false).clock(MovableClock.atStart()).build();
    }

    private static BounceIntake intake(Postcard postcard, Classification classification) {
        BounceClassifier fake = raw -> classification;
        return BounceIntake.of(postcard, fake, List.of(DOMAIN));
    }

    @EachDatabase
    void aBounceToTheVerpReturnPathIsStoredOnceInTheMessagesTenant(TestDatabase db) {
        try (Postcard postcard = engine(db)) {
            String emailId = BounceFixtures.sent(postcard, "acme", "gone@example.net", null);
            BounceIntake intake = intake(postcard, BounceFixtures.bounce(Optional.empty(), Optional.empty(),
                    BounceFixtures.failed("Gone@Example.net"), BounceFixtures.delayed("slow@example.org")));
            byte[] mail = BounceFixtures.mail("bounce-1@mx.example.net", null);
            // Mail systems may upper-case the domain; the id is read whatever the case of its letters.
            String verp = "bounce+" + emailId.toLowerCase() + "@BOUNCES.Example.com";

            BounceReceipt receipt = intake.receive(mail, Optional.of(verp));

            assertThat(receipt.kind()).isEqualTo(MessageKind.BOUNCE);
            assertThat(receipt.tenantId()).isEqualTo("acme");
            assertThat(receipt.emailId()).contains(emailId);
            assertThat(receipt.correlatedBy()).isEqualTo(Correlation.By.VERP);
            assertThat(receipt.stored()).isEqualTo(2);

            Event bounced = BounceFixtures.events(postcard, "acme", EventType.EMAIL_BOUNCED).getFirst();
            assertThat(bounced.emailId()).contains(emailId);
            assertThat(bounced.text("to")).contains("gone@example.net");
            assertThat(bounced.text("provider")).contains("smtp");
            assertThat(bounced.text("bounce_type")).contains("hard");
            assertThat(bounced.text("bounce_reason")).contains("user_unknown");
            assertThat(bounced.text("status_code")).contains("5.1.1");
            assertThat(bounced.text("reason")).contains("userunknown");
            assertThat(bounced.text("smtp_response")).hasValueSatisfying(s -> assertThat(s).contains("User unknown"));
            // Enriched from the message record, like every event.
            assertThat(bounced.text("subject")).contains("Your invoice");
            // The bounce's own Date is the event's time.
            assertThat(bounced.createdAt()).isEqualTo(Instant.parse("2026-11-22T09:15:00Z"));

            Event delayed = BounceFixtures.events(postcard, "acme", EventType.EMAIL_DELIVERY_DELAYED).getFirst();
            assertThat(delayed.text("to")).contains("slow@example.org");
            assertThat(delayed.text("reason")).contains("expired");
            assertThat(delayed.text("smtp_response")).hasValueSatisfying(s -> assertThat(s).contains("timed out"));
            assertThat(delayed.data().has("bounce_type")).isFalse();

            BounceReceipt again = intake.receive(mail, Optional.of(verp));
            assertThat(again.stored()).isZero();
            assertThat(again.duplicates()).isEqualTo(2);
            assertThat(postcard.store().listEvents("acme", EventQuery.all(100)).items())
                    .filteredOn(e -> e.event().type().isEmailEvent()).hasSize(3); // beside suppression.created
            assertThat(postcard.store().findMessage("acme", emailId).orElseThrow().status().name())
                    .isEqualTo("BOUNCED");
        }
    }

    @EachDatabase
    void aMailboxFindsTheReturnPathInDeliveredTo(TestDatabase db) {
        try (Postcard postcard = engine(db)) {
            String emailId = BounceFixtures.sent(postcard, "acme", "gone@example.net", null);
            BounceIntake intake = intake(postcard, BounceFixtures.bounce(Optional.empty(), Optional.empty(),
                    BounceFixtures.failed("gone@example.net")));
            BounceReceipt receipt = intake.receive(BounceFixtures.mail("b-2@mx", "bounce+" + emailId + "@" + DOMAIN),
                    Optional.empty());
            assertThat(receipt.correlatedBy()).isEqualTo(Correlation.By.VERP);
            assertThat(receipt.emailId()).contains(emailId);
        }
    }

    @EachDatabase
    void withoutVerpPostcardsHeaderInTheOriginalThenTheMessageIdTieTheBounce(TestDatabase db) {
        try (Postcard postcard = engine(db)) {
            String byHeader = BounceFixtures.sent(postcard, "acme", "a@example.net", null);
            String byMessageId = BounceFixtures.sent(postcard, "globex", "b@example.net", "<orig-7@mail.globex.test>");

            BounceReceipt header = intake(postcard, BounceFixtures.bounce(Optional.of("orig-7@mail.globex.test"),
                    Optional.of(byHeader), BounceFixtures.failed("a@example.net")))
                    .receive(BounceFixtures.mail("b-3@mx", null), Optional.of("postmaster@" + DOMAIN));
            assertThat(header.correlatedBy()).isEqualTo(Correlation.By.EMAIL_ID_HEADER);
            assertThat(header.tenantId()).isEqualTo("acme");
            assertThat(header.emailId()).contains(byHeader);
            // The Message-ID the bounce names is not pinned on a message found another way.
            assertThat(postcard.store().findMessage("acme", byHeader).orElseThrow().providerMessageId()).isEmpty();

            BounceReceipt messageId = intake(postcard, BounceFixtures.bounce(Optional.of("orig-7@mail.globex.test"),
                    Optional.empty(), BounceFixtures.failed("b@example.net")))
                    .receive(BounceFixtures.mail("b-4@mx", null), Optional.empty());
            assertThat(messageId.correlatedBy()).isEqualTo(Correlation.By.MESSAGE_ID);
            assertThat(messageId.tenantId()).isEqualTo("globex");
            assertThat(messageId.emailId()).contains(byMessageId);
            assertThat(BounceFixtures.events(postcard, "globex", EventType.EMAIL_BOUNCED).getFirst().text("provider_message_id"))
                    .contains("orig-7@mail.globex.test");
        }
    }

    @EachDatabase
    void anIdOfNoKnownMessageFallsThroughAndAnUntiedBounceGoesToTheDefaultTenant(TestDatabase db) {
        try (Postcard postcard = engine(db)) {
            String real = BounceFixtures.sent(postcard, "acme", "a@example.net", null);
            String unknown = IdPrefix.MESSAGE.newId();
            BounceReceipt fallsThrough = intake(postcard, BounceFixtures.bounce(Optional.empty(), Optional.of(real),
                    BounceFixtures.failed("a@example.net")))
                    .receive(BounceFixtures.mail("b-5@mx", null), Optional.of("bounce+" + unknown + "@" + DOMAIN));
            assertThat(fallsThrough.correlatedBy()).isEqualTo(Correlation.By.EMAIL_ID_HEADER);

            BounceReceipt untied = intake(postcard, BounceFixtures.bounce(Optional.of("never-sent@x.test"),
                    Optional.of(unknown), BounceFixtures.failed("c@example.net")))
                    .receive(BounceFixtures.mail("b-6@mx", null), Optional.of("bounce+" + real + "@elsewhere.example"));
            assertThat(untied.correlatedBy()).isEqualTo(Correlation.By.NONE);
            assertThat(untied.tenantId()).isEqualTo("default");
            assertThat(untied.emailId()).isEmpty();
            Event event = BounceFixtures.events(postcard, "default", EventType.EMAIL_BOUNCED).getFirst();
            assertThat(event.emailId()).isEmpty();
            assertThat(event.text("to")).contains("c@example.net");
        }
    }

    @EachDatabase
    void anIdThatTwoTenantsHoldTiesTheBounceToNeither(TestDatabase db) {
        try (Postcard postcard = engine(db)) {
            String shared = BounceFixtures.sent(postcard, "acme", "a@example.net", null);
            BounceIntake byVerp = intake(postcard, BounceFixtures.bounce(Optional.empty(), Optional.empty(),
                    BounceFixtures.failed("a@example.net")));
            assertThat(byVerp.receive(BounceFixtures.mail("b-7@mx", null), Optional.of("bounce+" + shared + "@" + DOMAIN))
                    .tenantId()).as("one tenant holds the id").isEqualTo("acme");

            // Another tenant uses the same id for a message of its own: the bounce mail names no tenant.
            postcard.record("globex", new Event(IdPrefix.EVENT.newId(), EventType.EMAIL_SENT,
                    Instant.parse("2026-11-22T09:00:00Z"), dev.postcard.event.EventCodec.MAPPER.createObjectNode()
                            .put("email_id", shared).put("to", "g@example.net")));
            BounceReceipt verp = byVerp.receive(BounceFixtures.mail("b-8@mx", null),
                    Optional.of("bounce+" + shared + "@" + DOMAIN));
            BounceReceipt header = intake(postcard, BounceFixtures.bounce(Optional.empty(), Optional.of(shared),
                    BounceFixtures.failed("g@example.net"))).receive(BounceFixtures.mail("b-9@mx", null), Optional.empty());

            for (BounceReceipt receipt : List.of(verp, header)) {
                assertThat(receipt.correlatedBy()).isEqualTo(Correlation.By.NONE);
                assertThat(receipt.tenantId()).isEqualTo("default");
                assertThat(receipt.emailId()).isEmpty();
            }
            assertThat(BounceFixtures.events(postcard, "globex", EventType.EMAIL_BOUNCED)).isEmpty();
            assertThat(BounceFixtures.events(postcard, "acme", EventType.EMAIL_BOUNCED)).hasSize(1);
        }
    }

    @EachDatabase
    void aComplaintIsOneEventPerComplainingRecipientOrOneForTheMessage(TestDatabase db) {
        try (Postcard postcard = engine(db)) {
            String emailId = BounceFixtures.sent(postcard, "acme", "angry@example.net", null);
            BounceReceipt two = intake(postcard, BounceFixtures.complaint(Optional.of(emailId), "angry@example.net",
                    "cross@example.net")).receive(BounceFixtures.mail("arf-1@fbl", null), Optional.empty());
            assertThat(two.stored()).isEqualTo(2);
            List<Event> complaints = BounceFixtures.events(postcard, "acme", EventType.EMAIL_COMPLAINED);
            assertThat(complaints).extracting(e -> e.text("to").orElseThrow())
                    .containsExactlyInAnyOrder("angry@example.net", "cross@example.net");
            assertThat(complaints).allSatisfy(e -> assertThat(e.text("complaint_type")).contains("abuse"));

            BounceReceipt anonymous = intake(postcard, BounceFixtures.complaint(Optional.of(emailId)))
                    .receive(BounceFixtures.mail("arf-2@fbl", null), Optional.empty());
            assertThat(anonymous.stored()).isEqualTo(1);
            Event redacted = anonymous.results().getFirst().stored().event();
            // No recipient in the report: the message record says whom it went to.
            assertThat(redacted.text("to")).contains("angry@example.net");
            assertThat(redacted.emailId()).contains(emailId);
        }
    }

    @EachDatabase
    void autoRepliesDeliveryReportsAndOrdinaryMailAreAcknowledgedNotStored(TestDatabase db) {
        try (Postcard postcard = engine(db)) {
            for (MessageKind kind : List.of(MessageKind.AUTO_REPLY, MessageKind.DELIVERY_REPORT, MessageKind.NONE)) {
                BounceReceipt receipt = intake(postcard, BounceFixtures.of(kind)).receive(BounceFixtures.mail("x@y", null),
                        Optional.empty());
                assertThat(receipt.kind()).isEqualTo(kind);
                assertThat(receipt.results()).isEmpty();
            }
            // A delivery report inside a bounce: only failed and delayed recipients are events.
            var delivered = new dev.postcard.bounces.RecipientReport("ok@example.net", "delivered",
                    Optional.of("2.0.0"), Optional.empty(), "", Optional.empty());
            assertThat(intake(postcard, BounceFixtures.bounce(Optional.empty(), Optional.empty(), delivered))
                    .receive(BounceFixtures.mail("x@y", null), Optional.empty()).results()).isEmpty();
            assertThat(postcard.store().listEvents("default", EventQuery.all(10)).items()).isEmpty();
        }
    }

    @EachDatabase
    void aBounceWithoutMessageIdIsKnownByItsBytes(TestDatabase db) {
        try (Postcard postcard = engine(db)) {
            BounceIntake intake = intake(postcard, BounceFixtures.bounce(Optional.empty(), Optional.empty(),
                    BounceFixtures.failed("a@example.net")));
            byte[] mail = BounceFixtures.mail(null, null);
            assertThat(intake.receive(mail, Optional.empty()).stored()).isEqualTo(1);
            assertThat(intake.receive(mail.clone(), Optional.empty()).duplicates()).isEqualTo(1);
            byte[] other = (new String(mail, StandardCharsets.US_ASCII) + "Another line.\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            assertThat(intake.receive(other, Optional.empty()).stored()).isEqualTo(1);
        }
    }

    @EachDatabase
    void aFailureToStoreReachesTheCallerSoTheMailIsKept(TestDatabase db) {
        try (Postcard postcard = engine(db)) {
            BounceIntake failing = new BounceIntake(raw -> BounceFixtures.bounce(Optional.empty(), Optional.empty(),
                    BounceFixtures.failed("a@example.net")), postcard.store(), (tenant, events) -> {
                        throw new IllegalStateException("database unavailable");
                    }, postcard.clock(), List.of(DOMAIN));
            assertThatThrownBy(() -> failing.receive(BounceFixtures.mail("f@mx", null), Optional.empty()))
                    .hasMessageContaining("database unavailable");
        }
    }

    @EachDatabase
    void textTheLogCannotKeepIsCleanedAndLongDiagnosticsCut(TestDatabase db) {
        try (Postcard postcard = engine(db)) {
            var report = new dev.postcard.bounces.RecipientReport("a@example.net", "failed", Optional.empty(),
                    Optional.empty(), "bad\u0000byte \uD800 " + "x".repeat(50_000), Optional.empty());
            BounceReceipt receipt = intake(postcard, BounceFixtures.bounce(Optional.empty(), Optional.empty(), report))
                    .receive(BounceFixtures.mail("t@mx", null), Optional.empty());
            Event event = receipt.results().getFirst().stored().event();
            assertThat(event.text("smtp_response").orElseThrow()).startsWith("badbyte").hasSizeLessThanOrEqualTo(2_000);
            assertThat(event.text("bounce_type")).contains("undetermined");
            assertThat(event.text("bounce_reason")).contains("undetermined");
        }
    }
}
