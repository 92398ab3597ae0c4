package dev.postcard.cli;

import dev.postcard.InvalidInputException;
import dev.postcard.secrets.SecretsKeys;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Option;

/**
 * The operator keys, as {@code serve} takes them: {@code POSTCARD_SECRETS_KEY} and
 * {@code POSTCARD_SECRETS_PREVIOUS_KEYS} (or their {@code _FILE}s) or the flags of the same names. Their values
 * never appear in {@code --help}, which otherwise shows the defaults read from the environment.
 */
final class SecretsKeyOptions {
    @Option(names = "--secrets-key", defaultValue = "", showDefaultValue = Visibility.NEVER,
            description = "the key to encrypt under, 32 bytes in base64 (POSTCARD_SECRETS_KEY, or POSTCARD_SECRETS_KEY_FILE)")
    String current;

    @Option(names = "--secrets-previous-keys", defaultValue = "", showDefaultValue = Visibility.NEVER,
            description = "comma-separated keys that secrets may still be encrypted under (POSTCARD_SECRETS_PREVIOUS_KEYS)")
    String previous;

    /** The keys given; a wrong one is a usage error naming its setting. */
    SecretsKeys keys() {
        try {
            return SecretsKeys.parse(nonBlank(current), nonBlank(previous));
        } catch (InvalidInputException e) {
            throw new CliException(e.getMessage(), ExitCodes.USAGE);
        }
    }

    private static java.util.Optional<String> nonBlank(String value) {
        return value == null || value.isBlank() ? java.util.Optional.empty() : java.util.Optional.of(value.strip());
    }
}
