package dev.postcard.providers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.providers.custom.RegisteredProvider;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** The providers an engine takes webhooks from, by name: the built-in ones and those registered in code. */
public final class Providers {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,39}");

    private final Map<String, Provider> byName = new ConcurrentHashMap<>();

    public void register(Provider provider) {
        if (!NAME.matcher(provider.name()).matches()) {
            throw new IllegalArgumentException("a provider name is 1 to 40 of a-z 0-9 _ -, starting with a letter "
                    + "or digit: " + provider.name());
        }
        byName.put(provider.name(), provider);
    }

    /**
     * Parses the webhooks of {@code name} with {@code parser}. For a built-in provider only the parser changes:
     * its sources are verified as before. Any other name becomes a provider whose sources choose a
     * verification method ({@code verification}: HMAC header, basic auth or token).
     */
    public void registerParser(String name, ProviderParser parser) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a provider name is 1 to 40 of a-z 0-9 _ -: " + name);
        }
        ProviderParser guarded = new GuardedParser(name, parser);
        byName.compute(name, (n, existing) -> existing == null || existing instanceof RegisteredProvider
                ? new RegisteredProvider(n, guarded)
                : new ParserOverride(existing, guarded));
    }

    public Optional<Provider> find(String name) {
        return Optional.ofNullable(name == null ? null : byName.get(name));
    }

    public Set<String> names() {
        return new TreeSet<>(byName.keySet());
    }

    /** A built-in provider with a parser registered in its place. */
    private record ParserOverride(Provider builtIn, ProviderParser parser) implements Provider {
        @Override
        public String name() {
            return builtIn.name();
        }

        @Override
        public ObjectNode settings(ObjectNode given) {
            return builtIn.settings(given);
        }

        @Override
        public ObjectNode publicSettings(ObjectNode stored) {
            return builtIn.publicSettings(stored);
        }

        @Override
        public RequestVerifier verifier(Source source, ProviderContext context) {
            return builtIn.verifier(source, context);
        }

        @Override
        public ProviderParser parser(Source source) {
            return parser;
        }

        @Override
        public List<String> messageIdCandidates(String providerMessageId) {
            return builtIn.messageIdCandidates(providerMessageId);
        }
    }
}
