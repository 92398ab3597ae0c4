package dev.postcard.cli;

import java.io.Writer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A command's stderr that a test can wait on for its first line, written from the command's thread. */
final class WatchedErr extends Writer {
    private final StringBuffer text = new StringBuffer();
    private final CompletableFuture<String> firstLine = new CompletableFuture<>();

    @Override
    public void write(char[] chars, int offset, int length) {
        text.append(chars, offset, length);
        int end = text.indexOf("\n");
        if (end >= 0) {
            firstLine.complete(text.substring(0, end).strip());
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }

    String firstLine(Duration timeout) throws Exception {
        return firstLine.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
