package dev.windsurf.data.migration;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where {@link Migrations} finds the migration files and their undo scripts, and who hears about progress. Immutable
 * and thread-safe; build one with {@link #builder()} or take {@link #ofDefaults()}.
 *
 * @param locations    Flyway locations of the {@code V<n>__<description>.sql} files
 * @param undoLocation the location of the {@code U<n>__<description>.sql} undo scripts
 * @param listeners    receive progress, in order
 * @param historyTable the Flyway history table of these migrations
 */
public record MigrationSettings(List<String> locations, String undoLocation, List<MigrationListener> listeners,
                               String historyTable) {

    /** Flyway's default location on the class path (WindSurf's migration set keeps it). */
    public static final String DEFAULT_LOCATION = "classpath:db/migration";

    /** Where the undo scripts live on the class path; Flyway does not scan it. */
    public static final String DEFAULT_UNDO_LOCATION = "classpath:db/undo";

    /** Flyway's default history table, kept by the set at the default location. */
    public static final String DEFAULT_HISTORY_TABLE = "flyway_schema_history";

    private static final java.util.regex.Pattern TABLE = java.util.regex.Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private static final MigrationSettings DEFAULTS = builder().build();

    /**
     * Copies the lists, so that the settings stay immutable; {@link #builder()} is the usual way to create them.
     *
     * @throws IllegalArgumentException when {@code historyTable} is not a lower-case SQL name of at most 63 letters,
     *                                  digits and underscores
     */
    public MigrationSettings {
        locations = List.copyOf(locations);
        listeners = List.copyOf(listeners);
        Objects.requireNonNull(undoLocation, "undoLocation cannot be null");
        Objects.requireNonNull(historyTable, "historyTable cannot be null");
        if (!TABLE.matcher(historyTable).matches()) {
            throw new IllegalArgumentException("historyTable must be a lower-case SQL name of at most 63 letters, "
                    + "digits and underscores; was '" + historyTable + "'");
        }
    }

    /**
     * Settings with Flyway's default history table ({@value #DEFAULT_HISTORY_TABLE}).
     *
     * @param locations    the Flyway locations of the migration files
     * @param undoLocation the location of the undo scripts
     * @param listeners    who hears progress
     */
    public MigrationSettings(List<String> locations, String undoLocation, List<MigrationListener> listeners) {
        this(locations, undoLocation, listeners, DEFAULT_HISTORY_TABLE);
    }

    /** {@return the defaults: the project's migrations and undo scripts on the class path, no listener} */
    public static MigrationSettings ofDefaults() {
        return DEFAULTS;
    }

    /** {@return a builder holding the defaults} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a builder holding these settings} */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.locations = new ArrayList<>(locations);
        b.undoLocation = undoLocation;
        b.listeners.addAll(listeners);
        b.historyTable = historyTable;
        return b;
    }

    /** Collects settings; {@link #build()} returns them immutable. Mutable and not thread-safe. */
    public static final class Builder {

        private List<String> locations = List.of(DEFAULT_LOCATION);
        private String undoLocation = DEFAULT_UNDO_LOCATION;
        private final List<MigrationListener> listeners = new ArrayList<>();
        private String historyTable = DEFAULT_HISTORY_TABLE;

        private Builder() {
        }

        /**
         * The Flyway locations of the migration files (default: {@value #DEFAULT_LOCATION}), each
         * {@code classpath:<path>} or {@code filesystem:<directory>}.
         *
         * @param locations one or more {@code classpath:…} or {@code filesystem:…} locations
         * @return this builder
         * @throws IllegalArgumentException when none is given or one has another prefix
         */
        public Builder locations(String... locations) {
            Objects.requireNonNull(locations, "locations cannot be null");
            if (locations.length == 0) {
                throw new IllegalArgumentException("locations must name at least one location");
            }
            List<String> checked = new ArrayList<>();
            for (String location : locations) {
                checked.add(checkLocation("location", location));
            }
            this.locations = List.copyOf(checked);
            return this;
        }

        /**
         * The location of the undo scripts (default: {@value #DEFAULT_UNDO_LOCATION}), {@code classpath:<path>} or
         * {@code filesystem:<directory>}. Undo scripts are found by name, {@code U<version>__<description>.sql}
         * next to nothing else, not scanned.
         *
         * @param undoLocation a {@code classpath:…} or {@code filesystem:…} location
         * @return this builder
         * @throws IllegalArgumentException when it has another prefix
         */
        public Builder undoLocation(String undoLocation) {
            this.undoLocation = checkLocation("undoLocation", undoLocation);
            return this;
        }

        /**
         * Adds a listener for progress (default: none).
         *
         * @param listener the listener; not null
         * @return this builder
         */
        public Builder listener(MigrationListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener cannot be null"));
            return this;
        }

        /**
         * The Flyway history table (default: {@value #DEFAULT_HISTORY_TABLE}).
         *
         * @param historyTable a plain lower-case SQL name; not null
         * @return this builder
         * @throws IllegalArgumentException when it is not a plain lower-case SQL name (checked by {@link #build()})
         */
        public Builder historyTable(String historyTable) {
            this.historyTable = Objects.requireNonNull(historyTable, "historyTable cannot be null");
            return this;
        }

        /** {@return the settings, immutable} */
        public MigrationSettings build() {
            return new MigrationSettings(locations, undoLocation, listeners, historyTable);
        }

        private static String checkLocation(String what, String location) {
            Objects.requireNonNull(location, what + " cannot be null");
            if (!(location.startsWith("classpath:") || location.startsWith("filesystem:"))
                    || location.indexOf(':') == location.length() - 1) {
                throw new IllegalArgumentException(what + " must be classpath:<path> or filesystem:<directory>, was '"
                        + location + "'");
            }
            return location;
        }
    }
}
