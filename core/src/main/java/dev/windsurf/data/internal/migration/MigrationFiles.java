package dev.windsurf.data.internal.migration;

import dev.windsurf.data.migration.MigrationException;
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
import java.util.Comparator;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.flywaydb.core.api.MigrationVersion;

/**
 * The files of a migration set: the versioned migrations ({@code V<version>__<description>.sql}) of some Flyway
 * locations, searched like Flyway does (recursively, class path or file system), and their undo scripts
 * ({@code U<version>__<description>.sql}), looked up by name in one location. Immutable and thread-safe.
 */
public final class MigrationFiles {

    /** A versioned migration's file name. */
    public static final Pattern VERSIONED = Pattern.compile("V(\\d+(?:[._]\\d+)*)__(.+)\\.sql");
    /** An undo script's file name. */
    public static final Pattern UNDO = Pattern.compile("U(\\d+(?:[._]\\d+)*)__(.+)\\.sql");

    /**
     * One file.
     *
     * @param version the normalised version ({@code 1_2} becomes {@code 1.2})
     * @param name    the file name
     * @param path    where it is: a class path resource name, or a file
     * @param script  its path relative to its location, as Flyway records it ({@code V1__x.sql}, {@code sub/V2__y.sql})
     * @param classpath whether {@code path} is a class path resource
     */
    public record ScriptFile(String version, String name, String path, String script, boolean classpath) {
    }

    /** Matches every file name. */
    private static final Pattern ANY = Pattern.compile(".*");

    private final ClassLoader loader;
    private final List<String> locations;
    private final String undoLocation;

    public MigrationFiles(ClassLoader loader, List<String> locations, String undoLocation) {
        this.loader = loader;
        this.locations = List.copyOf(locations);
        this.undoLocation = undoLocation;
    }

    /** The versioned migrations of every location, by version. */
    public List<ScriptFile> versioned() {
        List<ScriptFile> out = new ArrayList<>();
        for (String location : locations) {
            out.addAll(scan(location, VERSIONED, true));
        }
        out.sort(Comparator.comparing(f -> MigrationVersion.fromVersion(f.version())));
        return out;
    }

    /**
     * The versioned migrations of every location, by version, when every {@code .sql} file there is one and no
     * location holds a class (a Java migration); empty otherwise: then only Flyway knows what the locations hold
     * (repeatable migrations, callbacks, Java migrations).
     */
    public Optional<List<ScriptFile>> onlyVersionedSql() {
        List<ScriptFile> out = new ArrayList<>();
        for (String location : locations) {
            for (ScriptFile f : scan(location, ANY, true)) {
                String name = f.name();
                if (name.endsWith(".class")) {
                    return Optional.empty();
                }
                if (name.endsWith(".sql")) {
                    Matcher m = VERSIONED.matcher(name);
                    if (!m.matches()) {
                        return Optional.empty();
                    }
                    out.add(new ScriptFile(MigrationVersion.fromVersion(m.group(1).replace('_', '.')).getVersion(),
                            name, f.path(), f.script(), f.classpath()));
                }
            }
        }
        out.sort(Comparator.comparing(f -> MigrationVersion.fromVersion(f.version())));
        return Optional.of(out);
    }

    /** The script name Flyway records for a file: its path relative to its location. */
    public String relativeScript(ScriptFile file) {
        return file.script();
    }

    /** The undo scripts in the undo location, by version. */
    public List<ScriptFile> undoScripts() {
        List<ScriptFile> out = new ArrayList<>(scan(undoLocation, UNDO, false));
        out.sort(Comparator.comparing(f -> MigrationVersion.fromVersion(f.version())));
        return out;
    }

    /**
     * Fails when two files claim one version, naming both.
     *
     * @throws MigrationException with {@link MigrationException.Reason#DUPLICATE_VERSION}
     */
    public void requireUniqueVersions() {
        Map<MigrationVersion, ScriptFile> seen = new LinkedHashMap<>();
        for (ScriptFile file : versioned()) {
            ScriptFile earlier = seen.putIfAbsent(MigrationVersion.fromVersion(file.version()), file);
            if (earlier != null) {
                throw new MigrationException(MigrationException.Reason.DUPLICATE_VERSION, "Two migrations claim "
                        + "version " + file.version() + ": " + earlier.path() + " and " + file.path() + ". Give one "
                        + "of them the next free version (`db revision` numbers new files after the highest), and "
                        + "rename its undo script to match.");
            }
        }
    }

    /** The undo script's name for a migration's file name: {@code V3__x.sql} gives {@code U3__x.sql}. */
    public static String undoName(String script) {
        String name = script.substring(script.lastIndexOf('/') + 1);
        return name.startsWith("V") ? "U" + name.substring(1) : "U" + name;
    }

    /** Where an undo script is expected, for messages: e.g. {@code db/undo/U3__x.sql} or a file's path. */
    public String undoPath(String undoName) {
        if (undoLocation.startsWith("classpath:")) {
            return classpathRoot(undoLocation) + "/" + undoName;
        }
        return directory(undoLocation).resolve(undoName).toString();
    }

    /** Whether the undo script exists. */
    public boolean undoExists(String undoName) {
        if (undoLocation.startsWith("classpath:")) {
            return loader.getResource(classpathRoot(undoLocation) + "/" + undoName) != null;
        }
        return Files.isRegularFile(directory(undoLocation).resolve(undoName));
    }

    /** The undo script's text, if it exists. */
    public Optional<String> readUndo(String undoName) {
        try {
            if (undoLocation.startsWith("classpath:")) {
                try (InputStream in = loader.getResourceAsStream(classpathRoot(undoLocation) + "/" + undoName)) {
                    return in == null ? Optional.empty()
                            : Optional.of(stripBom(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
                }
            }
            Path file = directory(undoLocation).resolve(undoName);
            return Files.isRegularFile(file) ? Optional.of(stripBom(Files.readString(file, StandardCharsets.UTF_8)))
                    : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read undo script " + undoPath(undoName) + ": " + e.getMessage(), e);
        }
    }

    private List<ScriptFile> scan(String location, Pattern pattern, boolean recursive) {
        List<ScriptFile> out = new ArrayList<>();
        if (location.startsWith("filesystem:")) {
            Path dir = directory(location);
            if (!Files.isDirectory(dir)) {
                throw new MigrationException(MigrationException.Reason.MISSING_DIRECTORY, "Location " + location
                        + " does not exist or is not a directory (" + dir.toAbsolutePath() + ").");
            }
            List<ScriptFile> found = new ArrayList<>();
            walk(dir, recursive, pattern, found);
            for (ScriptFile f : found) {
                String relative = dir.relativize(Path.of(f.path())).toString().replace('\\', '/');
                out.add(new ScriptFile(f.version(), f.name(), f.path(), relative, false));
            }
            return out;
        }
        String root = classpathRoot(location);
        try {
            Enumeration<URL> urls = loader.getResources(root);
            if (!urls.hasMoreElements() && recursive) {
                throw new MigrationException(MigrationException.Reason.MISSING_DIRECTORY, "Location " + location
                        + " is not on the class path. Check the location, or that the jar holding the migrations is "
                        + "a dependency.");
            }
            while (urls.hasMoreElements()) {
                URL url = urls.nextElement();
                if ("file".equals(url.getProtocol())) {
                    List<ScriptFile> found = new ArrayList<>();
                    walk(Path.of(url.toURI()), recursive, pattern, found);
                    Path base = Path.of(url.toURI());
                    for (ScriptFile f : found) {
                        String relative = base.relativize(Path.of(f.path())).toString().replace('\\', '/');
                        out.add(new ScriptFile(f.version(), f.name(), root + "/" + relative, relative, true));
                    }
                } else if ("jar".equals(url.getProtocol())) {
                    JarURLConnection connection = (JarURLConnection) url.openConnection();
                    connection.setUseCaches(false);
                    try (JarFile jar = connection.getJarFile()) {
                        for (JarEntry entry : java.util.Collections.list(jar.entries())) {
                            String name = entry.getName();
                            if (entry.isDirectory() || !name.startsWith(root + "/")) {
                                continue;
                            }
                            String rest = name.substring(root.length() + 1);
                            if (!recursive && rest.contains("/")) {
                                continue;
                            }
                            List<ScriptFile> found = new ArrayList<>();
                            add(name.substring(name.lastIndexOf('/') + 1), name, pattern, found);
                            for (ScriptFile f : found) {
                                out.add(new ScriptFile(f.version(), f.name(), f.path(), rest, true));
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + location + ": " + e.getMessage(), e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Cannot list " + location + ": " + e.getMessage(), e);
        }
        return out;
    }

    private static void walk(Path dir, boolean recursive, Pattern pattern, List<ScriptFile> out) {
        try (Stream<Path> files = recursive ? Files.walk(dir) : Files.list(dir)) {
            files.filter(Files::isRegularFile).sorted()
                    .forEach(p -> add(p.getFileName().toString(), p.toString(), pattern, out));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void add(String name, String path, Pattern pattern, List<ScriptFile> out) {
        Matcher m = pattern.matcher(name);
        if (m.matches()) {
            String version = m.groupCount() > 0
                    ? MigrationVersion.fromVersion(m.group(1).replace('_', '.')).getVersion() : null;
            out.add(new ScriptFile(version, name, path, name, false));
        }
    }

    private static String classpathRoot(String location) {
        String path = location.substring("classpath:".length());
        while (path.startsWith("/")) {
            path = path.substring(1);
        }
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return path;
    }

    /** The directory of a {@code filesystem:} location. */
    public static Path directory(String location) {
        return Path.of(location.substring("filesystem:".length()));
    }

    private static String stripBom(String text) {
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }
}
