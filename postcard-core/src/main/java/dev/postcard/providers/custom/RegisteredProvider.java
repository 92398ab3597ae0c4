package dev.postcard.providers.custom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.InvalidInputException;
import dev.postcard.event.EventCodec;
import dev.postcard.providers.Provider;
import dev.postcard.providers.ProviderContext;
import dev.postcard.providers.ProviderParser;
import dev.postcard.providers.RequestVerifier;
import dev.postcard.providers.SettingsFields;
import dev.postcard.providers.Source;
import java.util.Objects;
import java.util.Set;

/**
 * A provider whose parser is Java code registered with {@code Postcard.registerParser(name, parser)}. Its
 * sources are verified like custom ones: settings {@code {"verification": {...}}} (see {@link CustomVerification}).
 */
public final class RegisteredProvider implements Provider {
    private static final Set<String> FIELDS = Set.of("verification");

    private final String name;
    private final ProviderParser parser;

    /** @throws IllegalArgumentException when the name is not a valid provider name or is a built-in one */
    public RegisteredProvider(String name, ProviderParser parser) {
        try {
            CustomProvider.checkName("name", name);
        } catch (InvalidInputException e) {
            throw new IllegalArgumentException("cannot register a parser as '" + name + "': " + e.getMessage(), e);
        }
        this.name = name;
        this.parser = Objects.requireNonNull(parser, "parser");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ObjectNode settings(ObjectNode given) {
        SettingsFields.onlyKnown(given, FIELDS, name);
        ObjectNode out = EventCodec.MAPPER.createObjectNode();
        out.set("verification", CustomVerification.settings(given));
        return out;
    }

    @Override
    public ObjectNode publicSettings(ObjectNode stored) {
        ObjectNode out = EventCodec.MAPPER.createObjectNode();
        JsonNode verification = stored.get("verification");
        if (verification != null && verification.isObject()) {
            out.set("verification", CustomVerification.publicSettings((ObjectNode) verification));
        }
        return out;
    }

    @Override
    public RequestVerifier verifier(Source source, ProviderContext context) {
        return CustomVerification.verifier(source);
    }

    @Override
    public ProviderParser parser(Source source) {
        return parser;
    }
}
