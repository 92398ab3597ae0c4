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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * A provider described by data instead of code: a source of provider {@code custom} names itself, says how its
 * requests are verified ({@link CustomVerification}) and how its bodies map to Postcard events
 * ({@link MappingSpec}). Settings:
 * <pre>{"name": "acme-mail", "mapping": {...}, "verification": {...}}</pre>
 * Its events carry the configured name in {@code data.provider}.
 */
public final class CustomProvider implements Provider {
    public static final String NAME = "custom";
    /** The providers Postcard has built in; a custom or registered provider cannot take their names. */
    public static final Set<String> BUILT_IN =
            Set.of("ses", "sendgrid", "mailgun", "resend", "postmark", "sparkpost", "mailjet", "brevo", "custom");
    private static final Pattern PROVIDER_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,39}");
    private static final Set<String> FIELDS = Set.of("name", "mapping", "verification");

    private final ConcurrentHashMap<String, Cached> parsers = new ConcurrentHashMap<>();

    private record Cached(JsonNode mapping, String name, MappingParser parser) {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ObjectNode settings(ObjectNode given) {
        SettingsFields.onlyKnown(given, FIELDS, NAME);
        String name = SettingsFields.requiredText(given, "name", 40);
        checkName("name", name);
        MappingSpec mapping = MappingSpec.parse(given.get("mapping"));
        ObjectNode verification = CustomVerification.settings(given);
        ObjectNode out = EventCodec.MAPPER.createObjectNode();
        out.put("name", name);
        out.set("mapping", mapping.toJson());
        out.set("verification", verification);
        return out;
    }

    /**
     * Checks a provider name a source or a registration gives itself: {@code [a-z0-9][a-z0-9_-]{0,39}} and not
     * the name of a built-in provider.
     *
     * @throws InvalidInputException naming {@code field}
     */
    public static void checkName(String field, String name) {
        if (name == null || !PROVIDER_NAME.matcher(name).matches()) {
            throw new InvalidInputException(field, field + " must be 1 to 40 lower-case letters, digits, '_' or '-',"
                    + " starting with a letter or digit, such as acme-mail");
        }
        if (BUILT_IN.contains(name)) {
            throw new InvalidInputException(field, field + " '" + name + "' is a built-in provider; choose another name");
        }
    }

    @Override
    public ObjectNode publicSettings(ObjectNode stored) {
        ObjectNode out = EventCodec.MAPPER.createObjectNode();
        out.put("name", stored.path("name").asText());
        if (stored.hasNonNull("mapping")) {
            out.set("mapping", stored.get("mapping").deepCopy());
        }
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

    /** The source's mapping parser, built once per source (and again only if its stored mapping differs). */
    @Override
    public ProviderParser parser(Source source) {
        JsonNode mapping = source.settings().get("mapping");
        String name = eventProvider(source);
        Cached cached = parsers.get(source.id());
        if (cached != null && cached.mapping().equals(mapping) && cached.name().equals(name)) {
            return cached.parser();
        }
        MappingParser parser = new MappingParser(MappingSpec.parse(mapping), name);
        parsers.put(source.id(), new Cached(mapping == null ? null : mapping.deepCopy(), name, parser));
        return parser;
    }

    @Override
    public String eventProvider(Source source) {
        String name = source.settings().path("name").asText("");
        return name.isEmpty() ? NAME : name;
    }
}
