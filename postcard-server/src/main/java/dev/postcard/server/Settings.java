package dev.postcard.server;

import dev.postcard.InvalidInputException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the human forms used in settings: {@code 15s}, {@code 5m}, {@code 2h}, {@code 5d}, {@code 1MiB}, {@code 5%}. */
public final class Settings {
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");
    private static final Pattern FRACTION = Pattern.compile("(\\d+(?:\\.\\d+)?)(%?)");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|kb|kib|mb|mib|gb|gib)?");

    private Settings() {
    }

    public static Duration duration(String setting, String text) {
        Matcher m = DURATION.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new InvalidInputException(setting, setting + " must be a number with a unit: ms, s, m, h or d (got '" + text + "')");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    public static List<Duration> durations(String setting, String text) {
        List<Duration> out = new ArrayList<>();
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                out.add(duration(setting, part));
            }
        }
        if (out.isEmpty()) {
            throw new InvalidInputException(setting, setting + " must list at least one delay");
        }
        return List.copyOf(out);
    }

    /** A rate as a fraction: {@code 5%} and {@code 0.05} are the same. Range checks are the caller's. */
    public static double fraction(String setting, String text) {
        Matcher m = FRACTION.matcher(text.strip());
        if (!m.matches()) {
            throw new InvalidInputException(setting, setting + " must be a percentage such as 5% or 0.1%, or a fraction such as 0.05 (got '" + text + "')");
        }
        double value = Double.parseDouble(m.group(1));
        return m.group(2).isEmpty() ? value : value / 100;
    }

    public static long bytes(String setting, String text) {
        Matcher m = SIZE.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new InvalidInputException(setting, setting + " must be a size such as 1048576, 512KiB or 1MiB (got '" + text + "')");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2);
        long factor = switch (unit) {
            case "kb" -> 1_000L;
            case "kib" -> 1L << 10;
            case "mb" -> 1_000_000L;
            case "mib" -> 1L << 20;
            case "gb" -> 1_000_000_000L;
            case "gib" -> 1L << 30;
            default -> 1L;
        };
        long value = Math.multiplyExact(n, factor);
        if (value < 1) {
            throw new InvalidInputException(setting, setting + " must be at least 1 byte");
        }
        return value;
    }
}
