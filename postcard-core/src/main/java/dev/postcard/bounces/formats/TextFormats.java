package dev.postcard.bounces.formats;

import java.util.List;

/** The MTA format families tried before the generic reader, most specific wording first. */
final class TextFormats {
    public static final List<TextFormat> FAMILIES = List.of(new QmailFormat(), new EximFormat(), new SendmailFormat(),
            new ExchangeFormat(), new GmailLegacyFormat());

    private TextFormats() {
    }
}
