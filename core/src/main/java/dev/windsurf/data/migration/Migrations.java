package dev.windsurf.data.migration;

import dev.windsurf.data.Engine;
import dev.windsurf.data.internal.migration.MigrationLifecycle;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Alembic's workflow over this project's Flyway files, on PostgreSQL and SQLite: {@link #upgrade upgrade},
 * {@link #downgrade downgrade} (undo scripts {@code db/undo/U<n>__<description>.sql}, which open-source Flyway does
 * not run), {@link #status() current/history}, {@link #check() check} (pending, changed checksums, schema drift),
 * {@link #stamp stamp}, {@link #repair() repair} and {@link #autogenerate() autogenerate}. The {@code db} command
 * ({@code dev.windsurf.data.migration.cli.DbCommand}) is a thin layer over this class.
 *
 * <pre>{@code
 * try (Database db = Database.start(config)) {
 *     Migrations migrations = db.migrations();
 *     MigrationRun run = migrations.upgrade("head");
 *     migrations.downgrade("-1");
 *     CheckReport report = migrations.check();
 * }
 * }</pre>
 *
 * <p>Obtain one from a running database with {@code Database.migrations()}, or build one over any
 * {@link DataSource} with {@link #builder(DataSource, Engine)}. Commands use unpooled connections, so they never take
 * connections from the application's pool.
 *
 * <p>Immutable and thread-safe. Concurrent commands on one database are safe: upgrades are serialised by Flyway's
 * lock; downgrades and stamps lock the history table and check, holding it, that the history is still what they
 * planned from (otherwise {@link MigrationException.Reason#CONCURRENT_CHANGE}).
 */
public final class Migrations {

    private final MigrationLifecycle lifecycle;
    private final String name;
    private final DataSource dataSource;
    private final Engine engine;
    private final String source;
    private final MigrationSettings settings;
    private final MigrationSet set;
    private final List<MigrationSet> stack;

    private Migrations(Builder b) {
        this.name = b.name;
        this.dataSource = b.dataSource;
        this.engine = b.engine;
        this.source = b.source;
        this.settings = b.settings;
        this.set = b.set;
        this.stack = b.stack;
        this.lifecycle = new MigrationLifecycle(name, dataSource, engine, settings, set, stack,
                set != null ? set.classLoader() : Migrations.class.getClassLoader());
    }

    /**
     * Starts a configuration.
     *
     * @param dataSource connections to the database; unpooled ones are best (Flyway holds two at once, and an
     *                   SQLite writer pool of one connection would deadlock)
     * @param engine     the database's engine
     * @return a builder over that data source; not thread-safe
     * @throws NullPointerException when an argument is null
     */
    public static Builder builder(DataSource dataSource, Engine engine) {
        return new Builder(dataSource, engine);
    }

    /**
     * The same database with other settings (other locations, other listeners). The migration set, if any, stays:
     * its name and dependencies still apply to the new locations.
     *
     * @param settings the settings to use instead of this instance's
     * @return a new instance over the same database; this one is unchanged
     */
    public Migrations withSettings(MigrationSettings settings) {
        Builder b = new Builder(dataSource, engine).name(name).source(source);
        if (set != null) {
            b.set(set, stack);
        }
        return b.settings(settings).build();
    }

    /** {@return the migration set these commands work on, or null when built over plain locations} */
    public MigrationSet set() {
        return set;
    }

    /** {@return the settings in use} */
    public MigrationSettings settings() {
        return settings;
    }

    /** {@return the engine} */
    public Engine engine() {
        return engine;
    }

    /**
     * The migrations the files and the history know, with the current and head versions ({@code current},
     * {@code history}).
     *
     * @return the status read just now from the files and the history table
     * @throws MigrationException with {@code DUPLICATE_VERSION} when two files claim one version
     */
    public MigrationStatus status() {
        return lifecycle.status();
    }

    /**
     * Applies pending migrations ({@code upgrade}).
     *
     * @param target {@code head} (every pending migration), {@code +N} (the next N) or a version (up to and
     *               including it)
     * @return what was applied; no step when there was nothing to do
     * @throws IllegalArgumentException when the target is malformed (e.g. {@code +abc}, {@code +0})
     * @throws MigrationException       {@code UNKNOWN_REVISION} for a version no file has; {@code INVALID_TARGET}
     *                                  for a version below the current one or {@code +N} beyond head; {@code AHEAD},
     *                                  {@code CHECKSUM_MISMATCH} or {@code FAILED_EARLIER} when the history forbids
     *                                  it; {@code SCRIPT_FAILED} when a migration failed (rolled back);
     *                                  {@code LOCK_TIMEOUT} when another process kept migrating the same SQLite
     *                                  file for longer than two minutes (upgrades and downgrades of one SQLite file
     *                                  wait for each other; the result's version is read after the work)
     */
    public MigrationRun upgrade(String target) {
        return lifecycle.upgrade(Objects.requireNonNull(target, "target cannot be null"));
    }

    /**
     * Undoes applied migrations, newest first ({@code downgrade}). Each undo script runs in its own transaction
     * together with the removal of its version from the history, so that a later upgrade applies it again. When an
     * undo script is missing, nothing runs.
     *
     * @param target {@code -N} (the last N), a version (back to it; it stays applied) or {@code base} (all)
     * @return what was undone; no step when there was nothing to do
     * @throws IllegalArgumentException when the target is malformed (e.g. {@code -0}, {@code -x})
     * @throws MigrationException       {@code UNKNOWN_REVISION}; {@code INVALID_TARGET} for a version above the
     *                                  current one or {@code -N} below base; {@code MISSING_UNDO} naming the
     *                                  expected file; {@code SCRIPT_FAILED} when an undo script failed (that one is
     *                                  rolled back, those before it stay undone); {@code CONCURRENT_CHANGE}
     */
    public MigrationRun downgrade(String target) {
        return lifecycle.downgrade(Objects.requireNonNull(target, "target cannot be null"));
    }

    /**
     * Sets the history to a version without running any SQL ({@code stamp}): forward, the pending migrations up to
     * it are recorded as applied (with their checksums); backward, the newer records are removed.
     *
     * @param target {@code head}, {@code base} or a version
     * @return what was recorded or removed; no migration's SQL ran
     * @throws MigrationException {@code UNKNOWN_REVISION}, {@code FAILED_EARLIER}, {@code CHECKSUM_MISMATCH}
     */
    public MigrationRun stamp(String target) {
        return lifecycle.stamp(Objects.requireNonNull(target, "target cannot be null"));
    }

    /**
     * Flyway's repair ({@code repair}): removes the records of failed migrations, sets recorded checksums to the
     * files', and marks applied migrations whose file is gone as deleted.
     *
     * @return what was removed, realigned and marked deleted
     */
    public RepairReport repair() {
        return lifecycle.repair();
    }

    /**
     * Everything {@code check} looks at: pending migrations, changed checksums, failed or unknown migrations,
     * missing undo scripts, and schema drift. Drift is found by applying the migrations up to the database's version
     * to a fresh database of the same engine (SQLite: a temporary file; PostgreSQL: a temporary schema
     * {@code windsurf_reference_…} in the same database, dropped afterwards, so CREATE on the database is needed
     * but not CREATE DATABASE) and comparing tables, columns, types, nullability, defaults, keys, unique and check
     * constraints and indexes. Each undo script is proven the same way: on a scratch database of the same engine,
     * every migration is applied, undone and applied again, and the schemas must match.
     *
     * @return the findings; {@link CheckReport#ok()} is true when there is nothing to fix
     */
    public CheckReport check() {
        return lifecycle.check(true);
    }

    /** {@return like {@link #check()}, without the schema comparison (no reference schema is built)} */
    public CheckReport checkHistory() {
        return lifecycle.check(false);
    }

    /**
     * Compares this database, which must be at head and may have been changed by hand, with the schema the
     * migrations produce at head on the same engine, and returns the difference as forward and undo SQL for review
     * ({@code revision --autogenerate}). Applies nothing. The SQL is exact where the engine can alter what changed;
     * changes SQLite can only make by rebuilding a table are described in comments instead, and statements that
     * would not run on SQLite are marked.
     *
     * @return the differences between the database and the schema the migrations build; empty when there are none
     * @throws MigrationException with {@code NOT_UP_TO_DATE} ("Target database is not up to date") when migrations
     *                            are pending
     */
    public SchemaChanges autogenerate() {
        return lifecycle.autogenerate(source);
    }

    @Override
    public String toString() {
        return "Migrations[" + name + ", " + engine + ", " + source + (set == null ? "" : ", set " + set.name())
                + ", " + settings.locations() + "]";
    }

    /**
     * Collects the settings of a {@link Migrations}. Mutable and not thread-safe.
     */
    public static final class Builder {

        private final DataSource dataSource;
        private final Engine engine;
        private String name = "windsurf";
        private String source;
        private MigrationSettings settings = MigrationSettings.ofDefaults();
        private MigrationSet set;
        private List<MigrationSet> stack = List.of();

        private Builder(DataSource dataSource, Engine engine) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource cannot be null");
            this.engine = Objects.requireNonNull(engine, "engine cannot be null");
        }

        /**
         * The name in log lines (default: {@code windsurf}).
         *
         * @param name the name in log lines; not null
         * @return this builder
         */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name cannot be null");
            return this;
        }

        /**
         * How generated files and messages name the database, e.g. its URL with the password masked (default: the
         * name). Never put a password here.
         *
         * @param source the text to name the database by; not null
         * @return this builder
         */
        public Builder source(String source) {
            this.source = Objects.requireNonNull(source, "source cannot be null");
            return this;
        }

        /**
         * Where the files are and who hears progress (default: {@link MigrationSettings#ofDefaults()}).
         *
         * @param settings the settings; not null
         * @return this builder
         */
        public Builder settings(MigrationSettings settings) {
            this.settings = Objects.requireNonNull(settings, "settings cannot be null");
            return this;
        }

        /**
         * Works on one migration set of a database that holds several: its locations and history table (replacing
         * earlier {@link #settings}), a refusal to downgrade it while a set in {@code stack} that depends on it is
         * applied, and a drift check that expects every set's tables.
         *
         * @param set   the set these commands work on
         * @param stack every set of the database (the order does not matter); must contain {@code set}
         * @return this builder
         * @throws IllegalArgumentException when {@code stack} does not contain {@code set}
         */
        public Builder set(MigrationSet set, List<MigrationSet> stack) {
            Objects.requireNonNull(set, "set cannot be null");
            Objects.requireNonNull(stack, "stack cannot be null");
            if (stack.stream().noneMatch(s -> s.name().equals(set.name()))) {
                throw new IllegalArgumentException("The stack " + stack.stream().map(MigrationSet::name).toList()
                        + " does not contain migration set " + set.name());
            }
            this.set = set;
            this.stack = MigrationSet.inDependencyOrder(stack);
            this.settings = set.settings().toBuilder().build();
            return this;
        }

        /** {@return the migration commands over these settings} */
        public Migrations build() {
            if (source == null) {
                source = name;
            }
            return new Migrations(this);
        }
    }
}
