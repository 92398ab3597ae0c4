package dev.postcard.providers.sparkpost;

import dev.postcard.providers.SharedSecretProvider;

/**
 * SparkPost webhooks: batches of {@code {"msys": {"<category>_event": {...}}}}, authenticated by HTTP Basic
 * credentials or a token (SparkPost signs nothing; it sends Basic auth or an OAuth2 bearer token, and a token
 * may also ride in the URL as {@code ?token=}). See {@link SparkPostParser} for the mapping.
 */
public final class SparkPostProvider extends SharedSecretProvider {
    public static final String NAME = "sparkpost";

    public SparkPostProvider() {
        super(NAME, new SparkPostParser());
    }
}
