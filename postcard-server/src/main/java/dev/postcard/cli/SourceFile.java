package dev.postcard.cli;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A text file an option names ({@code --html FILE}, {@code --text FILE}), read whole as UTF-8: bytes that are
 * not UTF-8 are refused rather than sent as replacement characters.
 */
final class SourceFile {
    private SourceFile() {
    }

    static String read(String option, Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new CliException(option + ": cannot read " + file + ": no such file", ExitCodes.USAGE);
        } catch (IOException e) {
            throw new CliException(option + ": cannot read " + file + ": " + e.getMessage(), ExitCodes.USAGE);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new CliException(option + ": " + file + " is not UTF-8 text", ExitCodes.USAGE);
        }
    }
}
