package dev.postcard.providers;

import dev.postcard.InvalidInputException;
import dev.postcard.testing.MovableClock;
import java.util.ArrayList;
import java.util.List;

/**
 * Parser output as the intake turns it into events: an item whose event the log could not store (an address
 * that is none, text too long, a NUL) becomes a failed item naming the field, as {@link ProviderIntake} reports it.
 */
public final class AsTheIntakeSees {
    private AsTheIntakeSees() {
    }

    public static List<ParsedItem> items(String provider, List<ParsedItem> parsed) {
        List<ParsedItem> out = new ArrayList<>(parsed.size());
        for (ParsedItem item : parsed) {
            out.add(item instanceof ParsedItem.Events events ? assembled(provider, events) : item);
        }
        return out;
    }

    private static ParsedItem assembled(String provider, ParsedItem.Events events) {
        for (ProviderEvent e : events.events()) {
            try {
                EventAssembler.assemble(provider, e, e.emailId(), true, MovableClock.START);
            } catch (InvalidInputException refused) {
                return new ParsedItem.Failed(events.index(), refused.field(), refused.getMessage());
            }
        }
        return events;
    }
}
