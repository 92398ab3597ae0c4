package dev.postcard.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
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
 * The files of one of the server's web pages (the dashboard, the API reference), read once at start into an
 * allow-list: a folder of the classpath (a directory in development, a jar in production) and chosen files of
 * WebJars. A request names a key of this map or gets a 404, so no path it sends ever reaches a file system.
 */
final class PageAssets {
    /** One file as it is served. */
    record Asset(byte[] body, String contentType, String etag, boolean versioned) {
    }

    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon");

    private final Map<String, Asset> assets;

    private PageAssets(Map<String, Asset> assets) {
        this.assets = Map.copyOf(assets);
    }

    /** The files under {@code folder} of the classpath, which must hold an {@code index.html}. */
    static PageAssets folder(String folder) {
        Map<String, Asset> assets = new TreeMap<>();
        readFolder(PageAssets.class.getClassLoader(), folder, assets);
        return new PageAssets(assets);
    }

    /**
     * These files and {@code files} of a WebJar, each served under its key: {@code webjar} is its Maven
     * coordinates ({@code org.webjars.npm/uplot}) and {@code name} its folder under {@code META-INF/resources/webjars}.
     * The WebJar's version is in its path; it is read from the jar, so a version bump in the pom is all it takes.
     */
    PageAssets withWebJar(String webjar, String name, Map<String, String> files) {
        ClassLoader loader = PageAssets.class.getClassLoader();
        String root = "META-INF/resources/webjars/" + name + "/" + webJarVersion(loader, webjar) + "/";
        Map<String, Asset> all = new TreeMap<>(assets);
        files.forEach((servedAs, file) -> all.put(servedAs, asset(servedAs, read(loader, root + file), true)));
        return new PageAssets(all);
    }

    /** The file at {@code name} ({@code pages/webhooks.js}), when it is one of the page's. */
    Optional<Asset> find(String name) {
        return Optional.ofNullable(assets.get(name));
    }

    private static void readFolder(ClassLoader loader, String folder, Map<String, Asset> assets) {
        URL index = loader.getResource(folder + "/index.html");
        if (index == null) {
            throw new IllegalStateException(folder + "/index.html is not on the classpath");
        }
        try {
            URI uri = index.toURI();
            if (uri.getScheme().equals("jar")) {
                try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                    walk(jar.getPath("/" + folder), assets);
                } catch (FileSystemAlreadyExistsException e) {
                    // Someone else in this process has the jar open (a second server): read through theirs.
                    walk(FileSystems.getFileSystem(uri).getPath("/" + folder), assets);
                }
            } else {
                walk(Path.of(uri).getParent(), assets);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the files of " + folder, e);
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

    private static String webJarVersion(ClassLoader loader, String webjar) {
        Properties pom = new Properties();
        try (InputStream in = new ByteArrayInputStream(read(loader, "META-INF/maven/" + webjar + "/pom.properties"))) {
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
