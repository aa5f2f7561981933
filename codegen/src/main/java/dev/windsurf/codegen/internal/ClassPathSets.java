package dev.windsurf.codegen.internal;

import dev.windsurf.codegen.SchemaCodegen;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * The migration sets a project's compile class path describes ({@value SchemaCodegen#DESCRIPTOR} in its jars and
 * class directories): the sets the project's own set depends on, in dependency order. Holds a class loader over the
 * class path, which Flyway reads their migrations with; {@link #close()} releases it. Not thread-safe.
 */
public final class ClassPathSets implements AutoCloseable {

    /** The runtime's binding for TIMESTAMP WITH TIME ZONE columns, used when it is on the class path. */
    static final String CORE_INSTANT_BINDING = "dev.windsurf.data.internal.jooq.UtcInstantBinding";

    private final URLClassLoader loader;
    private final List<SchemaCodegen.DependencySet> dependencies;

    private ClassPathSets(URLClassLoader loader, List<SchemaCodegen.DependencySet> dependencies) {
        this.loader = loader;
        this.dependencies = dependencies;
    }

    /**
     * Reads the descriptors on a class path.
     *
     * @param classPath the compile class path's elements (jars and directories)
     * @param ownSet    the project's own set, left out (its previous build's descriptor may be on the class path)
     * @throws IllegalStateException when a descriptor is malformed, a dependency is missing or sets form a cycle
     */
    public static ClassPathSets of(List<String> classPath, String ownSet) {
        List<URL> urls = new ArrayList<>();
        for (String element : classPath) {
            try {
                urls.add(new File(element).toURI().toURL());
            } catch (MalformedURLException e) {
                throw new IllegalStateException("Bad class path element " + element + ": " + e.getMessage(), e);
            }
        }
        URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
        try {
            Map<String, Descriptor> byName = new TreeMap<>();
            for (URL url : Collections.list(loader.getResources(SchemaCodegen.DESCRIPTOR))) {
                Descriptor d = Descriptor.read(url);
                if (!d.name().equals(ownSet)) {
                    byName.putIfAbsent(d.name(), d);
                }
            }
            return new ClassPathSets(loader, order(byName, loader));
        } catch (IOException e) {
            closeQuietly(loader);
            throw new UncheckedIOException("Cannot read migration-set descriptors on the class path: "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(loader);
            throw e;
        }
    }

    private static List<SchemaCodegen.DependencySet> order(Map<String, Descriptor> byName, ClassLoader loader) {
        List<SchemaCodegen.DependencySet> ordered = new ArrayList<>();
        Set<String> done = new HashSet<>();
        Map<String, Descriptor> remaining = new TreeMap<>(byName);
        while (!remaining.isEmpty()) {
            Descriptor next = null;
            for (Descriptor d : remaining.values()) {
                for (String dependency : d.dependsOn()) {
                    if (!byName.containsKey(dependency)) {
                        throw new IllegalStateException("Migration set " + d.name() + " on the class path depends "
                                + "on set " + dependency + ", which is not on it: add the dependency that provides it");
                    }
                }
                if (done.containsAll(d.dependsOn())) {
                    next = d;
                    break;
                }
            }
            if (next == null) {
                throw new IllegalStateException("Migration sets " + remaining.keySet() + " on the class path depend on "
                        + "each other in a cycle");
            }
            ordered.add(new SchemaCodegen.DependencySet(next.name(), next.historyTable(), next.locations(), loader,
                    next.fingerprint()));
            done.add(next.name());
            remaining.remove(next.name());
        }
        return List.copyOf(ordered);
    }

    /** The sets found, in dependency order. */
    public List<SchemaCodegen.DependencySet> dependencies() {
        return dependencies;
    }

    /** The runtime's instant binding when the class path has it, else null (jOOQ's own type). */
    public String defaultInstantBinding() {
        return loader.getResource(CORE_INSTANT_BINDING.replace('.', '/') + ".class") != null
                ? CORE_INSTANT_BINDING : null;
    }

    @Override
    public void close() {
        closeQuietly(loader);
    }

    private static void closeQuietly(URLClassLoader loader) {
        try {
            loader.close();
        } catch (IOException ignored) {
            // only open jar files are released here
        }
    }

    private record Descriptor(String name, String historyTable, List<String> locations, List<String> dependsOn,
                              String fingerprint) {

        static Descriptor read(URL url) throws IOException {
            Properties p = new Properties();
            try (InputStream in = url.openStream()) {
                p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            }
            String name = p.getProperty("name");
            if (name == null || name.isBlank()) {
                throw new IllegalStateException("Migration-set descriptor " + url + " has no name");
            }
            name = name.strip();
            return new Descriptor(name, p.getProperty("historyTable", name + "_schema_history").strip(),
                    split(p.getProperty("locations", "classpath:db/" + name + "/migration")),
                    split(p.getProperty("dependsOn", "")), p.getProperty("fingerprint"));
        }

        private static List<String> split(String value) {
            List<String> parts = new ArrayList<>();
            for (String part : value.split(",")) {
                if (!part.isBlank()) {
                    parts.add(part.strip());
                }
            }
            return parts;
        }
    }
}
