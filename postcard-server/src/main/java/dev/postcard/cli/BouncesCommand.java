package dev.postcard.cli;

import dev.postcard.bounces.BounceClassifier;
import dev.postcard.bounces.Bounces;
import dev.postcard.bounces.ClassificationJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code postcard bounces classify FILE...}: how Postcard reads returned mail, without a server. */
@Command(name = "bounces", mixinStandardHelpOptions = true, description = "Bounce and complaint mail.",
        subcommands = BouncesCommand.Classify.class)
public final class BouncesCommand extends CommandGroup {
    @Command(name = "classify", mixinStandardHelpOptions = true,
            description = "Classifies raw messages (.eml files, \"-\" for standard input): one JSON object a line, "
                    + "with the file name.")
    static final class Classify implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "FILE", description = "raw RFC 5322 messages")
        List<String> files;

        @Override
        public Integer call() {
            BounceClassifier classifier = Bounces.classifier();
            PrintWriter out = spec.commandLine().getOut();
            for (String file : files) {
                byte[] raw = read(file);
                var json = ClassificationJson.of(classifier.classify(raw));
                json.put("file", file);
                out.println(json);
            }
            out.flush();
            return 0;
        }

        private static byte[] read(String file) {
            try {
                return "-".equals(file) ? System.in.readAllBytes() : Files.readAllBytes(Path.of(file));
            } catch (java.nio.file.NoSuchFileException e) {
                throw new CliException("cannot read " + file + ": no such file");
            } catch (IOException e) {
                throw new CliException("cannot read " + file + ": " + e.getMessage());
            }
        }
    }
}
