package dev.postcard.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The migration scripts of a dialect on the classpath ({@code db/migration/<dialect>/V<version>__<description>.sql}),
 * as the releases before Flyway found and applied them: tests build such a database (with
 * {@code schema_migrations}) and upgrade it.
 */
final class MigrationScripts {
    private static final Pattern FILE_NAME = Pattern.compile("V(\\d+)__(\\w+)\\.sql");

    /** One migration; {@code sql} is the whole file. */
    record Migration(int version, String description, String sql) {
    }

    private MigrationScripts() {
    }

    static String location(Dialect dialect) {
        return "db/migration/" + switch (dialect) {
            case SQLITE -> "sqlite";
            case POSTGRES -> "postgres";
        };
    }

    /** Every migration of the dialect, by ascending version; two files with one version are an error. */
    static List<Migration> load(Dialect dialect) {
        String location = location(dialect);
        ClassLoader loader = MigrationScripts.class.getClassLoader();
        List<Migration> migrations = new ArrayList<>();
        for (String name : fileNames(loader, location)) {
            Matcher matcher = FILE_NAME.matcher(name);
            if (!matcher.matches()) {
                continue;
            }
            migrations.add(new Migration(Integer.parseInt(matcher.group(1)), matcher.group(2).replace('_', ' '),
                    read(loader, location + "/" + name)));
        }
        migrations.sort(Comparator.comparingInt(Migration::version));
        for (int i = 1; i < migrations.size(); i++) {
            if (migrations.get(i).version() == migrations.get(i - 1).version()) {
                throw new IllegalStateException("two migrations have version " + migrations.get(i).version()
                        + " in " + location);
            }
        }
        return List.copyOf(migrations);
    }

    private static Set<String> fileNames(ClassLoader loader, String location) {
        Set<String> names = new TreeSet<>();
        try {
            Enumeration<URL> directories = loader.getResources(location);
            for (URL directory : Collections.list(directories)) {
                switch (directory.getProtocol().toLowerCase(Locale.ROOT)) {
                    case "file" -> names.addAll(filesIn(Path.of(directory.toURI())));
                    case "jar" -> names.addAll(entriesIn((JarURLConnection) directory.openConnection(), location));
                    default -> throw new IllegalStateException("cannot list migrations at " + directory);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list migrations in " + location, e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot list migrations in " + location, e);
        }
        return names;
    }

    private static List<String> filesIn(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(f -> f.getFileName().toString()).toList();
        }
    }

    private static List<String> entriesIn(JarURLConnection connection, String location) throws IOException {
        connection.setUseCaches(false);
        String prefix = location + "/";
        List<String> names = new ArrayList<>();
        try (JarFile jar = connection.getJarFile()) {
            for (JarEntry entry : Collections.list(jar.entries())) {
                String rest = entry.getName().startsWith(prefix) ? entry.getName().substring(prefix.length()) : "";
                if (!rest.isEmpty() && !rest.contains("/")) {
                    names.add(rest);
                }
            }
        }
        return names;
    }

    private static String read(ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("migration " + resource + " vanished from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
