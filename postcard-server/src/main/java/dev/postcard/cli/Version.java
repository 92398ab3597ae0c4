package dev.postcard.cli;

import dev.postcard.release.Release;
import picocli.CommandLine;

/** {@code postcard --version}: the release and the commit it was built from. */
final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"postcard " + Release.version() + " (commit " + Release.commit() + ")"};
    }
}
