package dev.postcard.providers;

import dev.postcard.PostcardException;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A parser registered in code, kept from turning what a provider sent into a server error: anything it throws
 * other than Postcard's own exceptions makes the body malformed (400), and is logged for its author.
 */
final class GuardedParser implements ProviderParser {
    private static final Logger LOG = Logger.getLogger(GuardedParser.class.getName());

    private final String name;
    private final ProviderParser parser;

    GuardedParser(String name, ProviderParser parser) {
        this.name = name;
        this.parser = java.util.Objects.requireNonNull(parser, "parser");
    }

    @Override
    public List<ParsedItem> parse(WebhookRequest request) {
        List<ParsedItem> items;
        try {
            items = parser.parse(request);
        } catch (PostcardException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "the parser registered for '" + name + "' failed on a request", e);
            throw new dev.postcard.InvalidInputException("body", "the " + name + " parser could not read the body ("
                    + e.getClass().getSimpleName() + ")");
        }
        if (items == null) {
            throw new dev.postcard.InvalidInputException("body", "the " + name + " parser returned nothing");
        }
        return items;
    }
}
