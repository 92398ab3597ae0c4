package dev.postcard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.verify.SignatureHeaders;
import dev.postcard.verify.WebhookSigner;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code postcard verify}: a signature checked with postcard-verify, exit 6 with the reason when it fails. */
class VerifyCommandTest {
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final byte[] BODY = "{\"id\":\"evt_1\",\"type\":\"email.opened\"}".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private Cli.Run verify(SignatureHeaders headers, String secret, String file) {
        return Cli.run("verify", "--secret", secret, "--id", headers.id(), "--timestamp",
                String.valueOf(headers.timestamp()), "--signature", headers.webhookSignature(), file);
    }

    private Path body() throws Exception {
        return Files.write(dir.resolve("body.json"), BODY);
    }

    @Test
    void aSignatureMadeWithTheSecretIsValid() throws Exception {
        SignatureHeaders signed = WebhookSigner.of(SECRET).sign("evt_1", Instant.now(), BODY);
        Cli.Run run = verify(signed, SECRET, body().toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out().strip()).isEqualTo("valid");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void anotherSecretAChangedBodyOrAnOldTimestampIsInvalidWithTheReason() throws Exception {
        SignatureHeaders signed = WebhookSigner.of(SECRET).sign("evt_1", Instant.now(), BODY);
        Cli.Run wrongSecret = verify(signed, "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[24]),
                body().toString());
        assertThat(wrongSecret.exit()).isEqualTo(ExitCodes.INVALID_SIGNATURE);
        assertThat(wrongSecret.out()).isEmpty();
        assertThat(wrongSecret.err()).startsWith("postcard: invalid: ").hasLineCount(1);

        Path changed = Files.writeString(dir.resolve("changed.json"), "{\"id\":\"evt_1\",\"type\":\"email.clicked\"}");
        assertThat(verify(signed, SECRET, changed.toString()).exit()).isEqualTo(ExitCodes.INVALID_SIGNATURE);

        SignatureHeaders old = WebhookSigner.of(SECRET).sign("evt_1", Instant.now().minus(Duration.ofHours(1)), BODY);
        Cli.Run tooOld = verify(old, SECRET, body().toString());
        assertThat(tooOld.exit()).isEqualTo(ExitCodes.INVALID_SIGNATURE);
        assertThat(tooOld.err()).contains("timestamp");
        Cli.Run tolerated = Cli.run("verify", "--secret", SECRET, "--id", old.id(), "--timestamp",
                String.valueOf(old.timestamp()), "--signature", old.webhookSignature(), "--tolerance-seconds", "7200",
                body().toString());
        assertThat(tolerated.exit()).as(tolerated.err()).isZero();

        Cli.Run garbled = Cli.run("verify", "--secret", SECRET, "--id", "evt_1", "--timestamp", "yesterday",
                "--signature", signed.webhookSignature(), body().toString());
        assertThat(garbled.exit()).isEqualTo(ExitCodes.INVALID_SIGNATURE);
        assertThat(garbled.err()).contains("webhook-timestamp");
    }

    @Test
    void theBodyIsReadFromStandardInputForDash() {
        SignatureHeaders signed = WebhookSigner.of(SECRET).sign("evt_1", Instant.now(), BODY);
        StringWriter out = new StringWriter();
        CommandLine cli = PostcardCli.command();
        cli.setOut(new PrintWriter(out));
        VerifyCommand verify = cli.getSubcommands().get("verify").getCommand();
        verify.stdin = new ByteArrayInputStream(BODY);
        int exit = cli.execute("verify", "--secret", SECRET, "--id", signed.id(), "--timestamp",
                String.valueOf(signed.timestamp()), "--signature", signed.webhookSignature(), "-");
        assertThat(exit).isZero();
        assertThat(out.toString().strip()).isEqualTo("valid");
    }

    @Test
    void missingFlagsAndUnusableSecretsAreUsageErrors() throws Exception {
        assertThat(Cli.run("verify", "--secret", SECRET, body().toString()).exit()).isEqualTo(ExitCodes.USAGE);
        Cli.Run badSecret = Cli.run("verify", "--secret", "whsec_!!!", "--id", "evt_1", "--timestamp", "1",
                "--signature", "v1,x", body().toString());
        assertThat(badSecret.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(badSecret.err()).startsWith("postcard: --secret: ").hasLineCount(1);
        Cli.Run noFile = Cli.run("verify", "--secret", SECRET, "--id", "evt_1", "--timestamp", "1", "--signature", "v1,x",
                dir.resolve("nope").toString());
        assertThat(noFile.exit()).isEqualTo(ExitCodes.FAILURE);
        assertThat(noFile.err()).contains("no such file");
    }
}
