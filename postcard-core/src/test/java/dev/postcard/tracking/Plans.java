package dev.postcard.tracking;

/** Instrument plans for tests outside this package, made with a fresh signing key and default options. */
public final class Plans {
    private static final HtmlInstrumenter INSTRUMENTER = new HtmlInstrumenter(
            new TrackingLinks("https://t.example", "", new ClickSigner(SigningKeys.generate())));

    private Plans() {
    }

    public static InstrumentPlan plan(String html) {
        return INSTRUMENTER.plan(html, InstrumentOptions.defaults());
    }
}
