package dev.postcard.cli;

import picocli.CommandLine.Option;

/** {@code --server} and {@code --api-key}, or {@code POSTCARD_URL} and {@code POSTCARD_API_KEY}. */
final class ServerOptions {
    @Option(names = "--server", defaultValue = "${env:POSTCARD_URL:-http://localhost:8080}",
            description = "Postcard's base URL, with any base path (POSTCARD_URL)")
    String server;

    @Option(names = "--api-key", defaultValue = "${env:POSTCARD_API_KEY:-}",
            description = "API key (POSTCARD_API_KEY)")
    String apiKey;

    ApiClient client() {
        if (apiKey == null || apiKey.isBlank()) {
            throw new CliException("an API key is needed: --api-key or POSTCARD_API_KEY");
        }
        return new ApiClient(server, apiKey.strip());
    }
}
