package dev.postcard.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The dashboard's files, read once at start into an allow-list: the {@code dashboard/} folder of the classpath
 * (a directory in development, a jar in production) and the two uPlot files of its WebJar under {@code vendor/}.
 * A request names a key of this map or gets a 404, so no path it sends ever reaches a file system.
 */
final class DashboardAssets {
    /** One file as it is served. */
    record Asset(byte[] body, String contentType, String etag, boolean versioned) {
    }

    private static final String ROOT = "dashboard";
    private static final String UPLOT_POM = "META-INF/maven/org.webjars.npm/uplot/pom.properties";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon");

    private final Map<String, Asset> assets;

    private DashboardAssets(Map<String, Asset> assets) {
        this.assets = Map.copyOf(assets);
    }

    static DashboardAssets load() {
        ClassLoader loader = DashboardAssets.class.getClassLoader();
        Map<String, Asset> assets = new TreeMap<>();
        readFolder(loader, assets);
        if (!assets.containsKey("index.html")) {
            throw new IllegalStateException("the dashboard's index.html is not on the classpath");
        }
        // The WebJar's version is in its path; read it from the jar so a version bump in the pom is all it takes.
        String uplot = "META-INF/resources/webjars/uplot/" + uplotVersion(loader) + "/dist/";
        assets.put("vendor/uPlot.iife.min.js", asset("uPlot.iife.min.js", read(loader, uplot + "uPlot.iife.min.js"), true));
        assets.put("vendor/uPlot.min.css", asset("uPlot.min.css", read(loader, uplot + "uPlot.min.css"), true));
        return new DashboardAssets(assets);
    }

    /** The file at {@code name} ({@code pages/webhooks.js}), when it is one of the dashboard's. */
    Optional<Asset> find(String name) {
        return Optional.ofNullable(assets.get(name));
    }

    private static void readFolder(ClassLoader loader, Map<String, Asset> assets) {
        URL index = loader.getResource(ROOT + "/index.html");
        if (index == null) {
            throw new IllegalStateException("the dashboard's index.html is not on the classpath");
        }
        try {
            URI uri = index.toURI();
            if (uri.getScheme().equals("jar")) {
                try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                    walk(jar.getPath("/" + ROOT), assets);
                } catch (java.nio.file.FileSystemAlreadyExistsException e) {
                    // Someone else in this process has the jar open (a second server): read through theirs.
                    walk(FileSystems.getFileSystem(uri).getPath("/" + ROOT), assets);
                }
            } else {
                walk(Path.of(uri).getParent(), assets);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the dashboard's files", e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void walk(Path root, Map<String, Asset> assets) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String name = root.relativize(file).toString().replace('\\', '/');
                if (type(name).isPresent()) {
                    assets.put(name, asset(name, Files.readAllBytes(file), false));
                }
            }
        }
    }

    private static String uplotVersion(ClassLoader loader) {
        Properties pom = new Properties();
        try (InputStream in = new java.io.ByteArrayInputStream(read(loader, UPLOT_POM))) {
            pom.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pom.getProperty("version");
    }

    private static byte[] read(ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Asset asset(String name, byte[] body, boolean versioned) {
        String type = type(name).orElseThrow(() -> new IllegalStateException("no content type for " + name));
        return new Asset(body, type, "\"" + sha256(body) + "\"", versioned);
    }

    private static Optional<String> type(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? Optional.empty() : Optional.ofNullable(TYPES.get(name.substring(dot + 1).toLowerCase(Locale.ROOT)));
    }

    private static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
