package dev.windsurf.data.migration;

import dev.windsurf.data.internal.migration.MigrationSetDescriptors;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A named set of migrations that one database holds beside others: its versioned SQL files, their undo scripts, and
 * a history table of its own, so that version numbers never clash between sets. A set may depend on other sets (its
 * SQL references their tables); sets are applied in dependency order and undone in reverse.
 *
 * <p>Services do not build sets in code: the {@code windsurf-codegen} plugin writes a descriptor
 * ({@value #DESCRIPTOR}) next to the generated classes, and {@code Database}, the test kit and the {@code db} commands
 * find every set on the class path ({@link #discover(ClassLoader)}). Build one with {@link #builder(String)} for a set
 * that has no generated classes, or to override the class path.
 *
 * <p>The set whose files are at Flyway's default location ({@value MigrationSettings#DEFAULT_LOCATION}) keeps
 * Flyway's default history table, {@value MigrationSettings#DEFAULT_HISTORY_TABLE}, so that databases migrated before
 * sets existed keep working unchanged.
 *
 * <p>Immutable and thread-safe.
 */
public final class MigrationSet {

    /** Where the codegen plugin writes a set's descriptor, one per jar or class directory. */
    public static final String DESCRIPTOR = "META-INF/windsurf/migration-set.properties";

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,39}");

    private final String name;
    private final List<String> locations;
    private final String undoLocation;
    private final String historyTable;
    private final List<String> dependsOn;
    private final boolean postgresOnly;
    private final String codeVersion;
    private final String schemaClass;
    private final String origin;
    private final ClassLoader classLoader;

    private MigrationSet(Builder b) {
        this.name = b.name;
        this.locations = List.copyOf(b.locations != null ? b.locations : List.of("classpath:db/" + b.name
                + "/migration"));
        this.undoLocation = b.undoLocation != null ? b.undoLocation : "classpath:db/" + b.name + "/undo";
        this.historyTable = b.historyTable != null ? b.historyTable
                : locations.equals(List.of(MigrationSettings.DEFAULT_LOCATION))
                ? MigrationSettings.DEFAULT_HISTORY_TABLE : b.name + "_schema_history";
        this.dependsOn = List.copyOf(b.dependsOn);
        this.postgresOnly = b.postgresOnly;
        this.codeVersion = b.codeVersion;
        this.schemaClass = b.schemaClass;
        this.origin = b.origin;
        this.classLoader = b.classLoader != null ? b.classLoader : MigrationSet.class.getClassLoader();
    }

    /**
     * Starts a set.
     *
     * @param name lower-case letters, digits and underscores, starting with a letter, at most 40 characters
     * @return a builder for a set of that name; not thread-safe
     * @throws NullPointerException     when name is null
     * @throws IllegalArgumentException when name has another form
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /**
     * Every set described on the class path ({@value #DESCRIPTOR} in each jar or class directory), in dependency
     * order: a set comes after the sets it depends on; sets that do not depend on each other keep their names'
     * order.
     *
     * @param loader the class loader whose resources are searched, usually the thread's context class loader
     * @return the sets found, in dependency order; empty when there is none
     * @throws IllegalStateException when a descriptor is malformed, two differ for one name, a dependency is not on
     *                               the class path, or dependencies form a cycle
     */
    public static List<MigrationSet> discover(ClassLoader loader) {
        return inDependencyOrder(MigrationSetDescriptors.read(Objects.requireNonNull(loader,
                "loader cannot be null")));
    }

    /**
     * The sets in dependency order.
     *
     * @param sets the sets, in any order
     * @return a new immutable list of the same sets, each after the sets it depends on
     * @throws IllegalStateException when two sets share a name or a history table, a dependency is missing, or
     *                               dependencies form a cycle
     */
    public static List<MigrationSet> inDependencyOrder(Collection<MigrationSet> sets) {
        return MigrationSetDescriptors.order(List.copyOf(sets));
    }

    /** {@return the set's name, e.g. {@code notes}} */
    public String name() {
        return name;
    }

    /** {@return the Flyway locations of its {@code V<n>__<description>.sql} files} */
    public List<String> locations() {
        return locations;
    }

    /** {@return the location of its {@code U<n>__<description>.sql} undo scripts} */
    public String undoLocation() {
        return undoLocation;
    }

    /** {@return its history table, in the database's current schema} */
    public String historyTable() {
        return historyTable;
    }

    /** {@return the names of the sets it depends on} */
    public List<String> dependsOn() {
        return dependsOn;
    }

    /** {@return whether it targets PostgreSQL only (the runtime refuses to apply or check it on SQLite)} */
    public boolean postgresOnly() {
        return postgresOnly;
    }

    /**
     * The version its generated classes were built from, or null when it has none: the newest file then decides.
     *
     * @return the version, such as {@code "3"}, or null
     */
    public String codeVersion() {
        return codeVersion;
    }

    /**
     * The class of its generated jOOQ schema (with a {@code DEFAULT_SCHEMA} field), or null; constraint violations
     * name fields through it.
     *
     * @return the schema class's binary name, or null
     */
    public String schemaClass() {
        return schemaClass;
    }

    /** {@return where it was found (a descriptor's URL), or null when built in code} */
    public String origin() {
        return origin;
    }

    /** {@return the class loader its {@code classpath:} locations are read with} */
    public ClassLoader classLoader() {
        return classLoader;
    }

    /** {@return settings of {@link Migrations} for this set} */
    public MigrationSettings settings() {
        return MigrationSettings.builder()
                .locations(locations.toArray(String[]::new))
                .undoLocation(undoLocation)
                .historyTable(historyTable)
                .build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MigrationSet s && name.equals(s.name) && locations.equals(s.locations)
                && undoLocation.equals(s.undoLocation) && historyTable.equals(s.historyTable)
                && dependsOn.equals(s.dependsOn) && postgresOnly == s.postgresOnly
                && Objects.equals(codeVersion, s.codeVersion) && Objects.equals(schemaClass, s.schemaClass);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, locations, historyTable);
    }

    @Override
    public String toString() {
        return "MigrationSet[" + name + ", " + String.join(",", locations) + ", history " + historyTable
                + (dependsOn.isEmpty() ? "" : ", depends on " + String.join(",", dependsOn))
                + (postgresOnly ? ", PostgreSQL only" : "") + (codeVersion == null ? "" : ", code version "
                + codeVersion) + "]";
    }

    /** Collects a set's settings; {@link #build()} returns it immutable. Mutable and not thread-safe. */
    public static final class Builder {

        private final String name;
        private List<String> locations;
        private String undoLocation;
        private String historyTable;
        private final LinkedHashSet<String> dependsOn = new LinkedHashSet<>();
        private boolean postgresOnly;
        private String codeVersion;
        private String schemaClass;
        private String origin;
        private ClassLoader classLoader;

        private Builder(String name) {
            Objects.requireNonNull(name, "name cannot be null");
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("A migration set's name must be lower-case letters, digits and "
                        + "underscores, starting with a letter, at most 40 characters; was '" + name + "'");
            }
            this.name = name;
        }

        /**
         * The Flyway locations of the migration files (default: {@code classpath:db/<name>/migration}).
         *
         * @param locations one or more {@code classpath:…} or {@code filesystem:…} locations
         * @return this builder
         * @throws IllegalArgumentException when none is given or one is not {@code classpath:…} or
         *                                  {@code filesystem:…}
         */
        public Builder locations(String... locations) {
            Objects.requireNonNull(locations, "locations cannot be null");
            this.locations = MigrationSettings.builder().locations(locations).build().locations();
            return this;
        }

        /**
         * The location of the undo scripts (default: {@code classpath:db/<name>/undo}).
         *
         * @param undoLocation a {@code classpath:…} or {@code filesystem:…} location
         * @return this builder
         */
        public Builder undoLocation(String undoLocation) {
            this.undoLocation = MigrationSettings.builder().undoLocation(undoLocation).build().undoLocation();
            return this;
        }

        /**
         * The history table (default: {@code <name>_schema_history}, or
         * {@value MigrationSettings#DEFAULT_HISTORY_TABLE} when the locations are Flyway's default).
         *
         * @param historyTable a plain lower-case SQL name
         * @return this builder
         * @throws IllegalArgumentException when it is not a plain lower-case SQL name
         */
        public Builder historyTable(String historyTable) {
            this.historyTable = MigrationSettings.builder().historyTable(historyTable).build().historyTable();
            return this;
        }

        /**
         * Adds sets this one depends on (default: none).
         *
         * @param names the names of those sets
         * @return this builder
         * @throws IllegalArgumentException when the set names itself
         */
        public Builder dependsOn(String... names) {
            Objects.requireNonNull(names, "names cannot be null");
            for (String n : names) {
                Objects.requireNonNull(n, "dependency name cannot be null");
                if (n.equals(name)) {
                    throw new IllegalArgumentException("Migration set " + name + " cannot depend on itself");
                }
                dependsOn.add(n);
            }
            return this;
        }

        /**
         * Whether the set targets PostgreSQL only (default: false, a portable set).
         *
         * @param postgresOnly true for a set that only PostgreSQL can apply
         * @return this builder
         */
        public Builder postgresOnly(boolean postgresOnly) {
            this.postgresOnly = postgresOnly;
            return this;
        }

        /**
         * The version the generated classes were built from (default: none; the newest file decides).
         *
         * @param codeVersion the version, such as {@code "3"}, or null
         * @return this builder
         */
        public Builder codeVersion(String codeVersion) {
            this.codeVersion = codeVersion;
            return this;
        }

        /**
         * The generated jOOQ schema class (default: none).
         *
         * @param schemaClass the class's binary name, or null
         * @return this builder
         */
        public Builder schemaClass(String schemaClass) {
            this.schemaClass = schemaClass;
            return this;
        }

        /**
         * The class loader for {@code classpath:} locations (default: the one that loaded this library).
         *
         * @param classLoader the class loader; not null
         * @return this builder
         */
        public Builder classLoader(ClassLoader classLoader) {
            this.classLoader = Objects.requireNonNull(classLoader, "classLoader cannot be null");
            return this;
        }

        /**
         * Where the set was found, for messages, e.g. a descriptor's URL (default: none).
         *
         * @param origin a description of the source, or null
         * @return this builder
         */
        public Builder origin(String origin) {
            this.origin = origin;
            return this;
        }

        /** {@return the set, immutable} */
        public MigrationSet build() {
            return new MigrationSet(this);
        }
    }
}
