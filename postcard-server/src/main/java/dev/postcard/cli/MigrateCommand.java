package dev.postcard.cli;

import dev.postcard.storage.Schema;
import dev.postcard.storage.StoreOptions;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code postcard migrate}: brings the database schema up to date without starting the server, for an upgrade
 * done before the new release is rolled out ({@code serve} migrates when it starts, too).
 */
@Command(name = "migrate", mixinStandardHelpOptions = true, defaultValueProvider = SettingDefaults.class,
        description = "Apply the pending database migrations and print what was applied.")
final class MigrateCommand implements Callable<Integer> {
    @Mixin
    DatabaseOptions database;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<Integer> applied = DatabaseOptions.quietly(
                () -> Schema.migrate(database.jdbcUrl(), StoreOptions.defaults()));
        out.println(applied.isEmpty() ? "the schema is up to date"
                : "applied " + String.join(", ", applied.stream().map(v -> "V" + v).toList()));
        out.flush();
        return ExitCodes.OK;
    }
}
