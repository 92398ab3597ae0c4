package dev.postcard.cli;

import dev.postcard.storage.SqliteBackup;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code postcard restore FILE}: puts a backup in place of the SQLite database while Postcard is stopped, keeping
 * the database it replaces ({@link SqliteBackup}). For PostgreSQL it says to use pg_restore.
 */
@Command(name = "restore", mixinStandardHelpOptions = true, defaultValueProvider = SettingDefaults.class,
        description = "Put the backup FILE in place of the SQLite database, keeping the one it replaces. "
                + "Stop Postcard first. For PostgreSQL, use pg_restore.")
final class RestoreCommand implements Callable<Integer> {
    @Mixin
    DatabaseOptions database;

    @Parameters(index = "0", paramLabel = "FILE", description = "a backup written by postcard backup")
    Path file;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        SqliteBackup.Result result = DatabaseOptions.quietly(
                () -> SqliteBackup.restore(file, database.jdbcUrl(), Clock.systemUTC()));
        out.println("restored " + result.copy() + " to " + result.database() + " (schema version "
                + result.schemaVersion() + ")");
        result.replacedKept().ifPresent(kept -> out.println("the database it replaced is kept as " + kept));
        out.flush();
        return ExitCodes.OK;
    }
}
