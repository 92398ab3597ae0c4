package dev.postcard.cli;

import dev.postcard.storage.SqliteBackup;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code postcard backup FILE}: a consistent, checked copy of the SQLite database, taken while Postcard runs
 * ({@link SqliteBackup}). For PostgreSQL it says to use pg_dump.
 */
@Command(name = "backup", mixinStandardHelpOptions = true, defaultValueProvider = SettingDefaults.class,
        description = "Copy the SQLite database to FILE while Postcard runs (a consistent, checked copy). "
                + "For PostgreSQL, use pg_dump.")
final class BackupCommand implements Callable<Integer> {
    @Mixin
    DatabaseOptions database;

    @Parameters(index = "0", paramLabel = "FILE", description = "where to write the backup; must not exist")
    Path file;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        SqliteBackup.Result result = SqliteBackup.backup(database.jdbcUrl(), file);
        out.println("backed up " + result.database() + " to " + result.copy() + " (" + result.bytes()
                + " bytes, schema version " + result.schemaVersion() + ")");
        out.flush();
        return ExitCodes.OK;
    }
}
