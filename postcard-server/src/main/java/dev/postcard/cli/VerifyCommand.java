package dev.postcard.cli;

import dev.postcard.verify.InvalidSecretException;
import dev.postcard.verify.SignatureHeaders;
import dev.postcard.verify.WebhookVerificationException;
import dev.postcard.verify.WebhookVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code postcard verify}: checks a webhook request's signature the way a receiver does, with postcard-verify,
 * from the values of its {@code webhook-id}, {@code webhook-timestamp} and {@code webhook-signature} headers and
 * its raw body. No server is needed.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Check a Postcard webhook signature: prints \"valid\", or the reason on stderr with exit 6.")
final class VerifyCommand implements Callable<Integer> {
    @Option(names = "--secret", required = true, description = "the endpoint's secret (repeat for old and new while rotating)")
    List<String> secrets;

    @Option(names = "--id", required = true, description = "the webhook-id header")
    String id;

    @Option(names = "--timestamp", required = true, description = "the webhook-timestamp header (unix seconds)")
    String timestamp;

    @Option(names = "--signature", required = true, description = "the webhook-signature header (v1,...)")
    String signature;

    @Option(names = "--tolerance-seconds", defaultValue = "300",
            description = "how far the timestamp may be from this machine's clock")
    long toleranceSeconds;

    @Parameters(index = "0", paramLabel = "FILE", description = "the raw body, or - for standard input")
    String file;

    @Spec
    CommandSpec spec;

    /** Standard input, replaceable by a test. */
    InputStream stdin = System.in;

    @Override
    public Integer call() {
        if (toleranceSeconds < 0) {
            throw new CliException("--tolerance-seconds must be 0 or more", ExitCodes.USAGE);
        }
        WebhookVerifier verifier;
        try {
            verifier = WebhookVerifier.of(secrets).withTolerance(Duration.ofSeconds(toleranceSeconds));
        } catch (InvalidSecretException e) {
            throw new CliException("--secret: " + e.getMessage(), ExitCodes.USAGE);
        }
        byte[] body = body();
        Map<String, List<String>> headers = Map.of(SignatureHeaders.ID, List.of(id), SignatureHeaders.TIMESTAMP,
                List.of(timestamp), SignatureHeaders.SIGNATURE, List.of(signature));
        try {
            verifier.verify(body, headers);
        } catch (WebhookVerificationException e) {
            throw new CliException("invalid: " + Optional.ofNullable(e.getMessage()).orElse(e.getClass().getSimpleName()),
                    ExitCodes.INVALID_SIGNATURE);
        }
        spec.commandLine().getOut().println("valid");
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }

    private byte[] body() {
        try {
            return "-".equals(file) ? stdin.readAllBytes() : Files.readAllBytes(Path.of(file));
        } catch (NoSuchFileException e) {
            throw new CliException("cannot read " + file + ": no such file");
        } catch (IOException e) {
            throw new CliException("cannot read " + file + ": " + ApiClient.TransportWords.of(e));
        }
    }
}
