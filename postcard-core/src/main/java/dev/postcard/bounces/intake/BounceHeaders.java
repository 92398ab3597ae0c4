package dev.postcard.bounces.intake;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MailDateFormat;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the intake needs from the bounce's own header (not the returned original's): its Message-ID and Date
 * for stable event ids, and the addresses it was delivered to, where a mailbox keeps the VERP return path.
 *
 * @param messageId  the bounce's Message-ID without angle brackets
 * @param date       its Date
 * @param deliveredTo the addresses of {@code Delivered-To}, {@code X-Original-To} and {@code To}, in that order
 */
record BounceHeaders(Optional<String> messageId, Optional<Instant> date, List<String> deliveredTo) {

    static final BounceHeaders NONE = new BounceHeaders(Optional.empty(), Optional.empty(), List.of());

    /** Never throws: an unreadable header is {@link #NONE}. */
    static BounceHeaders read(byte[] raw) {
        InternetHeaders headers;
        try {
            headers = new InternetHeaders(new ByteArrayInputStream(raw), true);
        } catch (MessagingException | RuntimeException e) {
            return NONE;
        }
        Optional<String> messageId = first(headers, "Message-ID")
                .map(v -> v.strip().replaceAll("^<|>$", "").strip()).filter(v -> !v.isEmpty());
        Optional<Instant> date = first(headers, "Date").flatMap(BounceHeaders::parseDate);
        List<String> addresses = new ArrayList<>();
        for (String name : List.of("Delivered-To", "X-Original-To", "To")) {
            String[] values = headers.getHeader(name);
            if (values == null) {
                continue;
            }
            for (String value : values) {
                try {
                    for (InternetAddress address : InternetAddress.parseHeader(value, false)) {
                        if (address.getAddress() != null) {
                            addresses.add(address.getAddress());
                        }
                    }
                } catch (AddressException e) {
                    addresses.add(value.strip());
                }
            }
        }
        return new BounceHeaders(messageId, date, List.copyOf(addresses));
    }

    private static Optional<String> first(InternetHeaders headers, String name) {
        String[] values = headers.getHeader(name);
        return values == null || values.length == 0 ? Optional.empty() : Optional.of(values[0]);
    }

    private static Optional<Instant> parseDate(String value) {
        try {
            return Optional.ofNullable(new MailDateFormat().parse(value.strip())).map(java.util.Date::toInstant);
        } catch (java.text.ParseException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
