package dev.postcard.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.Postcard;
import dev.postcard.event.EventCodec;
import dev.postcard.secrets.Rotation;
import dev.postcard.secrets.SecretCensus;
import dev.postcard.secrets.SecretCipher;
import dev.postcard.secrets.SecretsKey;
import dev.postcard.secrets.SecretsKeys;
import dev.postcard.secrets.StoredSecrets;
import dev.postcard.storage.JdbcStore;
import dev.postcard.storage.StoreOptions;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code postcard secrets generate-key|status|rotate}: the operator key that encrypts webhook and source secrets
 * at rest. {@code status} and {@code rotate} work on the database directly, as {@code migrate} does, and may run
 * while servers do.
 */
@Command(name = "secrets", mixinStandardHelpOptions = true,
        description = "Manage the encryption of webhook and source secrets at rest (POSTCARD_SECRETS_KEY).",
        subcommands = {SecretsCommand.GenerateKey.class, SecretsCommand.Status.class, SecretsCommand.Rotate.class})
final class SecretsCommand extends CommandGroup {

    @Command(name = "generate-key", mixinStandardHelpOptions = true,
            description = "Print a new random key for POSTCARD_SECRETS_KEY.")
    static final class GenerateKey implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            SecretsKey key = SecretsKey.generate();
            spec.commandLine().getOut().println(key.encoded());
            spec.commandLine().getOut().flush();
            PrintWriter err = spec.commandLine().getErr();
            err.println("key id " + key.id() + ": set it as POSTCARD_SECRETS_KEY (or in a file named by"
                    + " POSTCARD_SECRETS_KEY_FILE) and keep a copy: the secrets it encrypts are lost with it");
            err.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, defaultValueProvider = SettingDefaults.class,
            description = "Count the stored secrets that are plain text and those under each key id; no secret is"
                    + " shown. With the keys given, says which key ids are current, previous or not given.")
    static final class Status implements Callable<Integer> {
        @Mixin
        DatabaseOptions database;

        @Mixin
        SecretsKeyOptions keyOptions;

        @Option(names = "--json", description = "print JSON")
        boolean json;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            SecretsKeys keys = keyOptions.keys();
            SecretCensus census = withSecrets(database, keys, StoredSecrets::census);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                ArrayNode data = EventCodec.MAPPER.createArrayNode();
                census.counts().forEach(count -> {
                    ObjectNode row = data.addObject().put("table", count.table());
                    row.put("key_id", count.keyId().orElse(null));
                    row.put("state", state(count.keyId(), keys));
                    row.put("secrets", count.secrets());
                });
                ObjectNode document = EventCodec.MAPPER.createObjectNode();
                document.set("data", data);
                document.put("plain", census.plain());
                document.put("encrypted", census.sealed());
                Output.json(out, document);
                return ExitCodes.OK;
            }
            if (census.counts().isEmpty()) {
                out.println("no secrets are stored");
            }
            TablePrinter table = new TablePrinter("TABLE", "STORED AS", "KEY", "SECRETS");
            census.counts().forEach(count -> table.row(count.table(), count.keyId().map(id -> "key " + id)
                    .orElse("plain text"), state(count.keyId(), keys), count.secrets()));
            table.print(out);
            out.flush();
            return ExitCodes.OK;
        }

        /** {@code plain}, {@code current}, {@code previous} or {@code not_given} (or not known, without keys). */
        private static String state(Optional<String> keyId, SecretsKeys keys) {
            if (keyId.isEmpty()) {
                return "plain";
            }
            if (keys.current().map(SecretsKey::id).equals(keyId)) {
                return "current";
            }
            return keys.find(keyId.get()).isPresent() ? "previous" : "not_given";
        }
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true, defaultValueProvider = SettingDefaults.class,
            description = "Encrypt every stored secret under POSTCARD_SECRETS_KEY: plain ones, and those under"
                    + " POSTCARD_SECRETS_PREVIOUS_KEYS. In batches, each in a transaction; safe to run again and"
                    + " while servers run.")
    static final class Rotate implements Callable<Integer> {
        @Mixin
        DatabaseOptions database;

        @Mixin
        SecretsKeyOptions keyOptions;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            SecretsKeys keys = keyOptions.keys();
            SecretsKey current = keys.current().orElseThrow(() -> new CliException("secrets rotate needs"
                    + " POSTCARD_SECRETS_KEY, the key to encrypt under (make one with 'postcard secrets generate-key')",
                    ExitCodes.USAGE));
            PrintWriter err = spec.commandLine().getErr();
            Rotation done = withSecrets(database, keys, secrets -> {
                SecretCensus before = secrets.census();
                ProgressBar bar = ProgressBar.forTerminal(err, before.plain() + before.sealed());
                Rotation rotation = secrets.rotate(progress -> bar.update(progress.soFar().resealed()
                        + progress.soFar().unchanged() + progress.soFar().changed()));
                bar.finish();
                return rotation;
            });
            PrintWriter out = spec.commandLine().getOut();
            out.println("encrypted " + done.resealed() + " secret" + (done.resealed() == 1 ? "" : "s") + " under key "
                    + current.id() + " (" + done.unchanged() + " more " + (done.unchanged() == 1 ? "was" : "were")
                    + " under it already)");
            if (done.changed() > 0) {
                out.println(done.changed() + " changed by a server while being read: run 'postcard secrets rotate'"
                        + " again to cover them");
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    /** Opens the database (migrating it, as {@code serve} does) for the time of {@code work}. */
    private static <T> T withSecrets(DatabaseOptions database, SecretsKeys keys, Function<StoredSecrets, T> work) {
        return DatabaseOptions.quietly(() -> {
            try (JdbcStore store = JdbcStore.open(database.jdbcUrl(), StoreOptions.defaults())) {
                return work.apply(Postcard.storedSecrets(store, new SecretCipher(keys)));
            }
        });
    }
}
