package dev.postcard.cli;

import java.util.Optional;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Option;

/**
 * The options of every command that talks to a server: where it is, the key, the tenant (an admin key acting
 * for one) and whether to print JSON instead of text for people.
 */
final class ClientOptions {
    @Option(names = "--server", defaultValue = "${env:POSTCARD_URL:-http://localhost:8080}",
            description = "Postcard's base URL, with any base path (POSTCARD_URL)")
    String server;

    // Never shown as a default in --help: it would print the key from the environment.
    @Option(names = "--api-key", defaultValue = "${env:POSTCARD_API_KEY:-}", showDefaultValue = Visibility.NEVER,
            description = "API key (POSTCARD_API_KEY)")
    String apiKey;

    @Option(names = "--tenant", defaultValue = "${env:POSTCARD_TENANT:-}", showDefaultValue = Visibility.NEVER,
            description = "act for this tenant, with an admin key; sent as X-Tenant-ID (POSTCARD_TENANT)")
    String tenant;

    @Option(names = "--json", description = "print JSON (one document) instead of text for people")
    boolean json;

    ApiClient client() {
        if (apiKey == null || apiKey.isBlank()) {
            throw new CliException("an API key is needed: --api-key or POSTCARD_API_KEY", ExitCodes.USAGE);
        }
        Optional<String> chosen = tenant == null || tenant.isBlank() ? Optional.empty() : Optional.of(tenant.strip());
        return new ApiClient(server, apiKey.strip(), chosen);
    }
}
