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

/** {@code postcard info}: the database schema's migrations, applied and pending, without changing anything. */
@Command(name = "info", mixinStandardHelpOptions = true, defaultValueProvider = SettingDefaults.class,
        description = "Show the database schema's migrations: applied, pending, or newer than this release.")
final class InfoCommand implements Callable<Integer> {
    @Mixin
    DatabaseOptions database;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<Schema.Migration> migrations = DatabaseOptions.quietly(
                () -> Schema.info(database.jdbcUrl(), StoreOptions.defaults()));
        TablePrinter table = new TablePrinter("VERSION", "DESCRIPTION", "STATE", "INSTALLED");
        migrations.forEach(m -> table.row(m.version(), m.description(), m.state(), m.installedOn().map(Object::toString).orElse("")));
        table.print(out);
        out.flush();
        return ExitCodes.OK;
    }
}
