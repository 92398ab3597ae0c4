package dev.postcard.server;

import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Routes the JDK logging that Postcard, Helidon and HikariCP use to stderr as JSON lines. */
public final class Logging {
    private Logging() {
    }

    public static void configure() {
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        ConsoleHandler console = new ConsoleHandler();
        console.setFormatter(new JsonLogFormatter());
        console.setLevel(Level.INFO);
        root.addHandler(console);
        root.setLevel(Level.INFO);
        Logger.getLogger("com.zaxxer.hikari").setLevel(Level.WARNING);
        Logger.getLogger("io.helidon").setLevel(Level.WARNING);
    }
}
