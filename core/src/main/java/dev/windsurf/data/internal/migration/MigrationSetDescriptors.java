package dev.windsurf.data.internal.migration;

import dev.windsurf.data.migration.MigrationSet;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads the migration-set descriptors that the codegen plugin writes ({@link MigrationSet#DESCRIPTOR}, a properties
 * file) and orders sets by their dependencies. Stateless.
 *
 * <p>Keys: {@code name} (required), {@code locations} (comma-separated), {@code undoLocation}, {@code historyTable},
 * {@code dependsOn} (comma-separated), {@code postgresOnly} ({@code true}/{@code false}), {@code codeVersion},
 * {@code schemaClass}.
 */
public final class MigrationSetDescriptors {

    private MigrationSetDescriptors() {
    }

    /**
     * Every descriptor the loader sees. The same set found twice (a class directory and its jar) counts once.
     *
     * @throws IllegalStateException when one is malformed or two describe one name differently
     */
    public static List<MigrationSet> read(ClassLoader loader) {
        Map<String, MigrationSet> byName = new TreeMap<>();
        Enumeration<URL> urls;
        try {
            urls = loader.getResources(MigrationSet.DESCRIPTOR);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot list " + MigrationSet.DESCRIPTOR + " on the class path: "
                    + e.getMessage(), e);
        }
        for (URL url : Collections.list(urls)) {
            MigrationSet set = parse(url, loader);
            MigrationSet seen = byName.putIfAbsent(set.name(), set);
            if (seen != null && !seen.equals(set)) {
                throw new IllegalStateException("Two different migration sets are named '" + set.name() + "' on the "
                        + "class path: " + seen.origin() + " and " + url + ". Rename one (schemaName in the codegen "
                        + "plugin) or remove the stale jar.");
            }
        }
        return List.copyOf(byName.values());
    }

    static MigrationSet parse(URL url, ClassLoader loader) {
        Properties p = new Properties();
        try (InputStream in = url.openStream()) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read migration-set descriptor " + url + ": " + e.getMessage(), e);
        }
        String name = p.getProperty("name");
        if (name == null || name.isBlank()) {
            throw new IllegalStateException("Migration-set descriptor " + url + " has no 'name'");
        }
        try {
            MigrationSet.Builder b = MigrationSet.builder(name.strip()).classLoader(loader).origin(url.toString());
            String locations = p.getProperty("locations");
            if (locations != null && !locations.isBlank()) {
                b.locations(split(locations).toArray(String[]::new));
            }
            if (p.getProperty("undoLocation") != null) {
                b.undoLocation(p.getProperty("undoLocation").strip());
            }
            if (p.getProperty("historyTable") != null) {
                b.historyTable(p.getProperty("historyTable").strip());
            }
            String depends = p.getProperty("dependsOn");
            if (depends != null && !depends.isBlank()) {
                b.dependsOn(split(depends).toArray(String[]::new));
            }
            String postgresOnly = p.getProperty("postgresOnly", "false").strip();
            if (!postgresOnly.equals("true") && !postgresOnly.equals("false")) {
                throw new IllegalArgumentException("postgresOnly must be true or false, was '" + postgresOnly + "'");
            }
            b.postgresOnly(Boolean.parseBoolean(postgresOnly));
            String version = p.getProperty("codeVersion");
            b.codeVersion(version == null || version.isBlank() ? null : version.strip());
            String schemaClass = p.getProperty("schemaClass");
            b.schemaClass(schemaClass == null || schemaClass.isBlank() ? null : schemaClass.strip());
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Migration-set descriptor " + url + " is malformed: " + e.getMessage(), e);
        }
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

    /**
     * The sets in dependency order (a set after the sets it depends on; otherwise by name).
     *
     * @throws IllegalStateException when names or history tables repeat, a dependency is missing, or dependencies
     *                               form a cycle
     */
    public static List<MigrationSet> order(List<MigrationSet> sets) {
        Map<String, MigrationSet> byName = new TreeMap<>();
        Map<String, String> tables = new HashMap<>();
        for (MigrationSet s : sets) {
            if (byName.put(s.name(), s) != null) {
                throw new IllegalStateException("Migration set '" + s.name() + "' is given twice");
            }
            String other = tables.put(s.historyTable(), s.name());
            if (other != null) {
                throw new IllegalStateException("Migration sets '" + other + "' and '" + s.name() + "' share the "
                        + "history table " + s.historyTable() + ": each set needs its own");
            }
        }
        for (MigrationSet s : byName.values()) {
            for (String d : s.dependsOn()) {
                if (!byName.containsKey(d)) {
                    throw new IllegalStateException("Migration set '" + s.name() + "' depends on set '" + d
                            + "', which is not on the class path (known: " + byName.keySet() + "). Add the "
                            + "dependency that provides it.");
                }
            }
        }
        List<MigrationSet> ordered = new ArrayList<>();
        Set<String> done = new HashSet<>();
        Map<String, MigrationSet> remaining = new LinkedHashMap<>(byName);
        while (!remaining.isEmpty()) {
            MigrationSet next = remaining.values().stream()
                    .filter(s -> done.containsAll(s.dependsOn()))
                    .min(Comparator.comparing(MigrationSet::name))
                    .orElseThrow(() -> new IllegalStateException("Migration sets " + remaining.keySet()
                            + " depend on each other in a cycle: break it"));
            ordered.add(next);
            done.add(next.name());
            remaining.remove(next.name());
        }
        return List.copyOf(ordered);
    }

    /** The sets that depend on {@code set}, directly or through others, in dependency order. */
    public static List<MigrationSet> dependents(List<MigrationSet> ordered, MigrationSet set) {
        Set<String> names = new HashSet<>();
        names.add(set.name());
        List<MigrationSet> out = new ArrayList<>();
        for (MigrationSet s : ordered) {
            if (s.dependsOn().stream().anyMatch(names::contains)) {
                names.add(s.name());
                out.add(s);
            }
        }
        return out;
    }
}
