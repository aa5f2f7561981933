package dev.windsurf.data.internal.migration;

import dev.windsurf.data.DataException;
import dev.windsurf.data.Engine;
import dev.windsurf.data.UnavailableException;
import dev.windsurf.data.internal.schema.SchemaDiff;
import dev.windsurf.data.internal.schema.SchemaReader;
import dev.windsurf.data.internal.schema.SchemaSnapshot;
import dev.windsurf.data.internal.tx.FailureClassifier;
import dev.windsurf.data.internal.tx.FailureKind;
import dev.windsurf.data.migration.CheckReport;
import dev.windsurf.data.migration.Migration;
import dev.windsurf.data.migration.MigrationException;
import dev.windsurf.data.migration.MigrationRun;
import dev.windsurf.data.migration.MigrationSet;
import dev.windsurf.data.migration.MigrationSettings;
import dev.windsurf.data.migration.MigrationStatus;
import dev.windsurf.data.migration.RepairReport;
import dev.windsurf.data.migration.SchemaChanges;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.api.output.RepairOutput;
import org.flywaydb.core.api.output.RepairResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The migration commands behind {@code dev.windsurf.data.migration.Migrations}: Flyway for what it does (info,
 * migrate, repair), plain SQL on its history table for what open-source Flyway lacks (downgrade, stamping down), and
 * a fresh reference schema for drift and autogenerate. Immutable and thread-safe; concurrent commands on one database
 * are serialised by the database (Flyway's lock, the history-table lock).
 */
public final class MigrationLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(MigrationLifecycle.class);
    private static final Set<MigrationState> SKIPPED = Set.of(MigrationState.DELETED, MigrationState.UNDONE,
            MigrationState.AVAILABLE, MigrationState.SUPERSEDED, MigrationState.OUTDATED);

    private final String name;
    private final DataSource dataSource;
    private final Engine engine;
    private final MigrationSettings settings;
    private final ClassLoader loader;
    private final MigrationSet set;
    private final List<MigrationSet> stack;

    /**
     * @param name       the database's name, for log lines
     * @param dataSource unpooled connections (Flyway may hold two at once)
     * @param engine     the database's engine
     * @param settings   where the files are, who hears progress
     */
    public MigrationLifecycle(String name, DataSource dataSource, Engine engine, MigrationSettings settings) {
        this(name, dataSource, engine, settings, null, List.of(), MigrationLifecycle.class.getClassLoader());
    }

    /**
     * @param set    the migration set these settings belong to, or null for plain locations
     * @param stack  every set of the database in dependency order (this one included), for dependency checks and
     *               the drift reference; empty for a database of one set
     * @param loader reads {@code classpath:} locations
     */
    public MigrationLifecycle(String name, DataSource dataSource, Engine engine, MigrationSettings settings,
                              MigrationSet set, List<MigrationSet> stack, ClassLoader loader) {
        this.name = Objects.requireNonNull(name, "name cannot be null");
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource cannot be null");
        this.engine = Objects.requireNonNull(engine, "engine cannot be null");
        this.settings = Objects.requireNonNull(settings, "settings cannot be null");
        this.set = set;
        this.stack = List.copyOf(stack);
        this.loader = Objects.requireNonNull(loader, "loader cannot be null");
    }

    private MigrationFiles files() {
        return new MigrationFiles(loader, settings.locations(), settings.undoLocation());
    }

    private Flyway flyway() {
        return FlywaySetup.configure(loader, dataSource, settings.locations(), settings.historyTable()).load();
    }

    /** "set notes" in messages when the database holds several sets, else nothing. */
    private String setLabel() {
        return set == null || stack.size() < 2 ? "" : " (migration set " + set.name() + ")";
    }

    /** Whether sets come before this one in the stack: its history may start in a non-empty schema. */
    private boolean stacked() {
        return set != null && !stack.isEmpty() && !stack.getFirst().name().equals(set.name());
    }

    private void requireEngine() {
        if (set != null && set.postgresOnly() && engine != Engine.POSTGRESQL) {
            throw new MigrationException(MigrationException.Reason.WRONG_ENGINE, "Migration set " + set.name()
                    + " targets PostgreSQL only, and this database is " + engine + ". Point DATABASE_URL at a "
                    + "PostgreSQL database, or leave the set's jar off the class path.");
        }
    }

    private Listeners listeners() {
        return new Listeners(name, settings.listeners());
    }

    // ---------------------------------------------------------------- state

    /**
     * Reads the files and the history: with one connection and plain SQL when the history and the files are of the
     * kinds {@link PlainHistory} models (the common case), else through Flyway's {@code info()}. Both give the same
     * answer; the first does not start Flyway.
     */
    public MigrationStatus status() {
        MigrationFiles files = files();
        files.requireUniqueVersions();
        try (Connection c = dataSource.getConnection()) {
            Optional<MigrationStatus> plain = PlainHistory.read(c, engine, settings.historyTable(), files, loader);
            if (plain.isPresent()) {
                return plain.get();
            }
        } catch (SQLException e) {
            throw translate(e);
        }
        return flywayStatus(files);
    }

    /** The status as Flyway's {@code info()} reports it. */
    MigrationStatus flywayStatus() {
        MigrationFiles files = files();
        files.requireUniqueVersions();
        return flywayStatus(files);
    }

    /** The status Flyway's {@code info()} reports, whatever the history holds. */
    private MigrationStatus flywayStatus(MigrationFiles files) {
        MigrationInfo[] infos = flyway(() -> flyway().info().all());
        List<Migration> all = new ArrayList<>();
        for (MigrationInfo info : infos) {
            if (info.getVersion() == null || SKIPPED.contains(info.getState())) {
                continue;
            }
            Migration.State state = state(info.getState());
            boolean applied = state != Migration.State.PENDING && state != Migration.State.IGNORED;
            Migration.Checksum checksum;
            if (!applied) {
                checksum = Migration.Checksum.NOT_APPLIED;
            } else if (info.getResolvedChecksum() == null
                    && (state == Migration.State.MISSING_FILE || state == Migration.State.FUTURE)) {
                checksum = Migration.Checksum.NO_FILE;
            } else {
                checksum = Objects.equals(info.getAppliedChecksum(), info.getResolvedChecksum())
                        ? Migration.Checksum.MATCHES : Migration.Checksum.CHANGED;
            }
            String script = info.getScript();
            String undo = MigrationFiles.undoName(script);
            all.add(new Migration(info.getVersion().getVersion(), info.getDescription(), script, state,
                    info.getInstalledOn() == null ? null : info.getInstalledOn().toInstant(), info.getInstalledBy(),
                    info.getExecutionTime() == null ? null : Duration.ofMillis(info.getExecutionTime()), checksum,
                    undo, files.undoExists(undo)));
        }
        all.sort(Comparator.comparing(m -> MigrationVersion.fromVersion(m.version())));
        String current = null;
        for (Migration m : all) {
            if (m.applied() && m.state() != Migration.State.FAILED) {
                current = m.version();
            }
        }
        List<MigrationFiles.ScriptFile> versioned = files.versioned();
        String head = versioned.isEmpty() ? null : versioned.getLast().version();
        return new MigrationStatus(all, current, head);
    }

    private static Migration.State state(MigrationState state) {
        return switch (state) {
            case PENDING, ABOVE_TARGET -> Migration.State.PENDING;
            case FAILED, MISSING_FAILED, FUTURE_FAILED -> Migration.State.FAILED;
            case MISSING_SUCCESS -> Migration.State.MISSING_FILE;
            case FUTURE_SUCCESS -> Migration.State.FUTURE;
            case IGNORED, BELOW_BASELINE, BASELINE_IGNORED -> Migration.State.IGNORED;
            case BASELINE -> Migration.State.BASELINE;
            default -> Migration.State.APPLIED;
        };
    }

    // ---------------------------------------------------------------- upgrade

    /** Applies pending migrations up to the target ({@code head}, {@code +N} or a version). */
    public MigrationRun upgrade(String target) {
        long started = System.nanoTime();
        Targets.requireWellFormed(target, Targets.Command.UPGRADE);
        requireEngine();
        try (MigrationLock ignored = lock()) {
            return upgrade(target, started);
        }
    }

    /** Upgrades, holding the migration lock: what another process applied meanwhile is in the history now. */
    private MigrationRun upgrade(String target, long started) {
        MigrationStatus status = status();
        requireNoFailure(status);
        requireNotAhead(status);
        requireUnchanged(status);
        List<Migration> plan = Targets.upgrade(target, status);
        String before = status.currentVersion();
        String head = status.headVersion();
        if (plan.isEmpty()) {
            return new MigrationRun(MigrationRun.Direction.UPGRADE, before, before, head, List.of(),
                    elapsed(started));
        }
        Listeners listeners = listeners();
        listeners.runStarting(MigrationRun.Direction.UPGRADE, plan);
        ProgressCallback progress = new ProgressCallback(listeners, plan.size());
        Flyway flyway = FlywaySetup.configure(loader, dataSource, settings.locations(), settings.historyTable())
                .target(plan.getLast().version())
                .callbacks(progress)
                .load();
        MigrateResult result;
        try {
            if (stacked()) {
                StackedHistory.prepare(flyway);
            }
            result = flyway.migrate();
            if (stacked()) {
                StackedHistory.clean(flyway);
            }
        } catch (FlywayException e) {
            progress.failedWith(e);
            List<MigrationRun.Step> applied = progress.steps();
            throw migrateFailure(e, progress.failedMigration(), applied.isEmpty() ? before
                    : applied.getLast().version());
        }
        // Another process may have applied part of the plan (PostgreSQL: Flyway locks one migration at a time):
        // the history, read now, says where the database is, whoever applied what
        String after = status().currentVersion();
        MigrationRun run = new MigrationRun(MigrationRun.Direction.UPGRADE, before, after, head, progress.steps(),
                elapsed(started));
        LOG.info("[{}] Upgraded schema{} from version {} to {}: {} migration(s) in {} ms", name, setLabel(),
                label(before), label(after), run.steps().size(), run.duration().toMillis());
        return run;
    }

    /** @param reached the version the migrations before the failing one reached */
    private RuntimeException migrateFailure(FlywayException e, MigrationInfo failed, String reached) {
        if (e instanceof FlywayValidateException) {
            return new MigrationException(MigrationException.Reason.CHECKSUM_MISMATCH, "Flyway refused to migrate: "
                    + firstLine(e) + ". Restore the changed file(s), or run `db repair` if the database already "
                    + "matches them.", null, e);
        }
        String code = FailureClassifier.classify(e).code();
        if (failed != null) {
            SQLException sql = FailureClassifier.firstSqlException(e);
            boolean recorded = flyway(() -> status()).all().stream()
                    .anyMatch(m -> m.state() == Migration.State.FAILED);
            return new MigrationException(MigrationException.Reason.SCRIPT_FAILED, failed.getScript() + " failed: "
                    + (sql != null ? sql.getMessage().replaceAll("\\s*\\n\\s*", " ") : firstLine(e)) + ". "
                    + (recorded ? "The history records it as failed: fix the database by hand, then run `db repair`."
                    : "Its transaction was rolled back: the database is at version " + label(reached)
                    + ". Fix the migration and run `db upgrade` again."), code, e);
        }
        return translate(e);
    }

    // ---------------------------------------------------------------- downgrade

    /**
     * Undoes applied migrations down to the target ({@code -N}, a version or {@code base}), newest first, each in
     * its own transaction with the removal of its history record. Every undo script is found and read before the
     * first one runs.
     */
    public MigrationRun downgrade(String target) {
        long started = System.nanoTime();
        Targets.requireWellFormed(target, Targets.Command.DOWNGRADE);
        try (MigrationLock ignored = lock()) {
            return downgrade(target, started);
        }
    }

    private MigrationRun downgrade(String target, long started) {
        MigrationStatus status = status();
        requireNoFailure(status);
        List<Migration> plan = Targets.downgrade(target, status);
        if (!plan.isEmpty()) {
            requireNoAppliedDependent();
        }
        String before = status.currentVersion();
        if (plan.isEmpty()) {
            return new MigrationRun(MigrationRun.Direction.DOWNGRADE, before, before, status.headVersion(),
                    List.of(), elapsed(started));
        }
        MigrationFiles files = files();
        List<UndoRunner.PlannedUndo> undos = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (Migration m : plan) {
            if (m.state() == Migration.State.BASELINE) {
                throw new MigrationException(MigrationException.Reason.INVALID_TARGET, "Version " + m.version()
                        + " is a baseline, not a migration that ran: there is nothing to undo below it. Downgrade to "
                        + m.version() + " at most.");
            }
            Optional<String> text = files.readUndo(m.undoScript());
            if (text.isEmpty()) {
                missing.add(files.undoPath(m.undoScript()) + " (undoes " + m.script() + ")");
            } else {
                undos.add(new UndoRunner.PlannedUndo(m, m.undoScript(), SqlScript.split(text.get())));
            }
        }
        if (!missing.isEmpty()) {
            throw new MigrationException(MigrationException.Reason.MISSING_UNDO, "Cannot downgrade to " + target
                    + ": no undo script " + String.join(", ", missing) + ". Nothing was run. Write the missing "
                    + "script (`db revision` creates one next to every new migration).");
        }
        listeners().runStarting(MigrationRun.Direction.DOWNGRADE, plan);
        List<MigrationRun.Step> steps = new UndoRunner(dataSource, engine, listeners(), settings.historyTable())
                .run(undos);
        // The undo runner checked, holding the history, that each undone version was the newest; the history, read
        // now, also holds what another process did meanwhile
        String after = status().currentVersion();
        MigrationRun run = new MigrationRun(MigrationRun.Direction.DOWNGRADE, before, after, status.headVersion(),
                steps, elapsed(started));
        LOG.info("[{}] Downgraded schema{} from version {} to {}: {} undo script(s) in {} ms", name, setLabel(),
                label(before), label(after), steps.size(), run.duration().toMillis());
        return run;
    }

    // ---------------------------------------------------------------- stamp and repair

    /** Records the history as being at the target ({@code head}, {@code base} or a version) without running SQL. */
    public MigrationRun stamp(String target) {
        long started = System.nanoTime();
        Targets.requireWellFormed(target, Targets.Command.STAMP);
        MigrationStatus status = status();
        requireNoFailure(status);
        String version = Targets.stamp(target, status);
        String before = status.currentVersion();
        List<MigrationRun.Step> steps = new ArrayList<>();
        String after = before;
        int direction = version == null ? (before == null ? 0 : -1) : before == null ? 1
                : MigrationVersion.fromVersion(version).compareTo(MigrationVersion.fromVersion(before));
        if (direction > 0) {
            requireUnchanged(status);
            for (Migration m : status.pending()) {
                if (MigrationVersion.fromVersion(m.version()).compareTo(MigrationVersion.fromVersion(version)) <= 0) {
                    steps.add(new MigrationRun.Step(m.version(), m.description(), m.script(), Duration.ZERO));
                }
            }
            flyway(() -> {
                Flyway stamping = FlywaySetup.configure(loader, dataSource, settings.locations(),
                        settings.historyTable()).target(version).skipExecutingMigrations(true).load();
                if (stacked()) {
                    StackedHistory.prepare(stamping);
                }
                return stamping.migrate();
            });
            after = version;
        } else if (direction < 0) {
            MigrationVersion floor = version == null ? null : MigrationVersion.fromVersion(version);
            List<Migration> removed = status.applied().stream()
                    .filter(m -> floor == null || MigrationVersion.fromVersion(m.version()).compareTo(floor) > 0)
                    .sorted(Comparator.comparing((Migration m) -> MigrationVersion.fromVersion(m.version()))
                            .reversed())
                    .toList();
            try (Connection c = dataSource.getConnection()) {
                HistoryTable.begin(c, engine, settings.historyTable());
                try {
                    for (Migration m : removed) {
                        HistoryTable.delete(c, settings.historyTable(), m.version());
                        steps.add(new MigrationRun.Step(m.version(), m.description(), m.script(), Duration.ZERO));
                    }
                    HistoryTable.commit(c, engine);
                } catch (SQLException | RuntimeException e) {
                    HistoryTable.rollbackQuietly(c, engine);
                    throw e;
                }
            } catch (SQLException e) {
                throw translate(e);
            }
            after = version == null ? null : newestBelow(status, removed.isEmpty() ? null
                    : removed.getLast().version());
        }
        if (direction != 0) {
            LOG.info("[{}] Stamped schema version {} (was {}) without running migrations", name, label(after),
                    label(before));
        }
        return new MigrationRun(MigrationRun.Direction.STAMP, before, after, status.headVersion(), steps,
                elapsed(started));
    }

    /** Flyway repair: removes failed records, realigns checksums, marks migrations without files deleted. */
    public RepairReport repair() {
        files().requireUniqueVersions();
        RepairResult result = flyway(() -> flyway().repair());
        RepairReport report = new RepairReport(describe(result.migrationsRemoved),
                describe(result.migrationsAligned), describe(result.migrationsDeleted));
        if (report.changed()) {
            LOG.info("[{}] Repaired the schema history: {}", name, report);
        }
        return report;
    }

    private static List<String> describe(List<RepairOutput> outputs) {
        return outputs == null ? List.of() : outputs.stream().map(o -> o.version + " " + o.description).toList();
    }

    // ---------------------------------------------------------------- check and autogenerate

    /**
     * Pending migrations, changed checksums, failures, unknown versions, missing undo scripts and, when asked,
     * schema drift against a fresh reference at the database's version and a proof of every undo script on a
     * scratch database.
     */
    public CheckReport check(boolean compareSchema) {
        MigrationStatus status = status();
        List<Migration> mismatches = status.all().stream()
                .filter(m -> m.checksum() == Migration.Checksum.CHANGED).toList();
        List<Migration> failed = status.all().stream().filter(m -> m.state() == Migration.State.FAILED).toList();
        List<Migration> unknown = status.all().stream().filter(m -> m.state() == Migration.State.FUTURE
                || m.state() == Migration.State.MISSING_FILE).toList();
        List<Migration> missingUndo = status.all().stream()
                .filter(m -> !m.undoAvailable() && m.state() != Migration.State.BASELINE).toList();
        List<String> drift = List.of();
        List<String> undoFailures = List.of();
        boolean checked = compareSchema && unknown.isEmpty();
        if (checked) {
            drift = drift(status.currentVersion());
            undoFailures = UndoVerification.verify(loader, dataSource, engine, settings, status.all().stream()
                    .filter(m -> m.state() == Migration.State.APPLIED || m.state() == Migration.State.PENDING)
                    .toList(), dependencyLayers(), set, stack);
        }
        return new CheckReport(status.currentVersion(), status.headVersion(), status.pending(), mismatches, failed,
                unknown, missingUndo, drift, checked, undoFailures);
    }

    private List<String> drift(String version) {
        ReferenceSchema built;
        try {
            built = ReferenceSchema.build(dataSource, engine, layers(version));
        } catch (RuntimeException e) {
            FailureClassifier.Classification c = FailureClassifier.classify(e);
            throw new DataException("Cannot build the reference schema for the drift check: " + firstLine(e)
                    + (engine == Engine.POSTGRESQL ? ". It is a temporary schema in this database: the user needs "
                    + "CREATE on the database" : "") + ". Run `db check --no-drift` to check the history only.",
                    c.code(), e);
        }
        try (ReferenceSchema reference = built) {
            SchemaSnapshot expected = reference.snapshot();
            SchemaSnapshot actual;
            try (Connection c = dataSource.getConnection()) {
                actual = SchemaReader.read(c);
            }
            return SchemaDiff.compare(actual, "database", expected, "migrations", SchemaDiff.Mode.SAME_ENGINE);
        } catch (SQLException e) {
            throw translate(e);
        } catch (FlywayException e) {
            throw translate(e);
        }
    }

    /**
     * Compares the database (changed by hand, at head otherwise) with the schema the migrations produce at head,
     * and writes forward and undo SQL for the difference. Applies nothing.
     *
     * @param source how to name the database in the result
     * @throws MigrationException with {@code NOT_UP_TO_DATE} when the database is not at head
     */
    public SchemaChanges autogenerate(String source) {
        MigrationStatus status = status();
        boolean atHead = status.pending().isEmpty() && Objects.equals(status.currentVersion(), status.headVersion())
                && status.all().stream().noneMatch(m -> m.state() == Migration.State.FAILED);
        if (!atHead) {
            // A database beyond the files given (none, or fewer) needs the right directory, not an upgrade.
            boolean aheadOfFiles = status.currentVersion() != null && (status.headVersion() == null
                    || MigrationVersion.fromVersion(status.currentVersion())
                    .compareTo(MigrationVersion.fromVersion(status.headVersion())) > 0);
            throw new MigrationException(MigrationException.Reason.NOT_UP_TO_DATE, "Target database is not up to "
                    + "date: " + source + " is at version " + label(status.currentVersion()) + ", the migrations in "
                    + String.join(", ", settings.locations()) + " reach " + label(status.headVersion()) + ". "
                    + (aheadOfFiles ? "The database is ahead of these files: point --dir (and --undo-dir) at the "
                    + "directory that holds the migrations it was built from"
                    : "Run `db upgrade head` on it first (changes made by hand stay)")
                    + ", then run `db revision --autogenerate` again.");
        }
        try (ReferenceSchema reference = ReferenceSchema.build(dataSource, engine, layers(status.headVersion()))) {
            SchemaSnapshot expected = reference.snapshot();
            DdlSnapshot expectedDdl = reference.ddl();
            SchemaSnapshot actual;
            DdlSnapshot actualDdl;
            try (Connection c = dataSource.getConnection()) {
                actual = SchemaReader.read(c);
                actualDdl = DdlReader.read(c, engine);
            }
            List<String> differences = SchemaDiff.compare(actual, "database", expected, "migrations",
                    SchemaDiff.Mode.SAME_ENGINE);
            ChangeScript.Result sql = ChangeScript.between(expectedDdl, actualDdl, engine);
            return new SchemaChanges(engine, status.headVersion(), source, differences, sql.forward(), sql.undo(),
                    sql.notes());
        } catch (SQLException e) {
            throw translate(e);
        } catch (FlywayException e) {
            throw translate(e);
        }
    }

    // ---------------------------------------------------------------- stacked sets

    /**
     * What the drift reference applies: every set of the stack at the version the database holds (this set at
     * {@code version}), so that the tables of the other sets are expected too.
     */
    private List<ReferenceSchema.Layer> layers(String version) {
        if (set == null || stack.size() < 2) {
            return List.of(new ReferenceSchema.Layer(loader, settings.locations(), settings.historyTable(), version));
        }
        List<ReferenceSchema.Layer> layers = new ArrayList<>();
        for (MigrationSet s : stack) {
            if (s.postgresOnly() && engine != Engine.POSTGRESQL) {
                continue;
            }
            String v = s.name().equals(set.name()) ? version : databaseVersion(s);
            List<String> locations = s.name().equals(set.name()) ? settings.locations() : s.locations();
            layers.add(new ReferenceSchema.Layer(s.classLoader(), locations, s.historyTable(), v));
        }
        return layers;
    }

    /** The sets before this one in the stack, each at the version the database holds: what its SQL may reference. */
    private List<ReferenceSchema.Layer> dependencyLayers() {
        List<ReferenceSchema.Layer> layers = new ArrayList<>();
        if (set == null || stack.size() < 2) {
            return layers;
        }
        for (MigrationSet s : stack) {
            if (s.name().equals(set.name())) {
                break;
            }
            if (s.postgresOnly() && engine != Engine.POSTGRESQL) {
                continue;
            }
            String v = databaseVersion(s);
            layers.add(new ReferenceSchema.Layer(s.classLoader(), s.locations(), s.historyTable(), v));
        }
        return layers;
    }

    /** The version of another set of the stack that this database holds, or null. */
    private String databaseVersion(MigrationSet other) {
        return flyway(() -> currentVersion(FlywaySetup.configure(other.classLoader(), dataSource, other.locations(),
                other.historyTable()).load()));
    }

    /** Refuses to undo this set while a set that depends on it has migrations applied. */
    private void requireNoAppliedDependent() {
        if (set == null) {
            return;
        }
        List<String> applied = new ArrayList<>();
        for (MigrationSet d : MigrationSetDescriptors.dependents(stack, set)) {
            String v = databaseVersion(d);
            if (v != null) {
                applied.add(d.name() + " (at version " + v + ")");
            }
        }
        if (!applied.isEmpty()) {
            throw new MigrationException(MigrationException.Reason.DEPENDENT_SET, "Cannot downgrade migration set "
                    + set.name() + ": migration set(s) " + String.join(", ", applied) + " depend on it and are "
                    + "applied. Downgrade them first (`db downgrade base --schema NAME`). Nothing was run.");
        }
    }

    // ---------------------------------------------------------------- shared

    /** The lock that makes a second upgrade or downgrade of the same SQLite file wait (none on PostgreSQL). */
    private MigrationLock lock() {
        return MigrationLock.acquire(dataSource, engine, name, listeners(), MigrationLock.WAIT);
    }

    static void requireNoFailure(MigrationStatus status) {
        List<Migration> failed = status.all().stream().filter(m -> m.state() == Migration.State.FAILED).toList();
        if (!failed.isEmpty()) {
            throw new MigrationException(MigrationException.Reason.FAILED_EARLIER, "Migration "
                    + failed.getFirst().script() + " failed earlier and the history still records the failure. Fix "
                    + "the database by hand (the migration may have run in part), then run `db repair`.");
        }
    }

    static void requireNotAhead(MigrationStatus status) {
        List<Migration> unknown = status.all().stream().filter(m -> m.state() == Migration.State.FUTURE).toList();
        if (!unknown.isEmpty()) {
            String newest = unknown.getLast().version();
            throw new MigrationException(MigrationException.Reason.AHEAD, "Can't locate revision " + newest + ": the "
                    + "database is at version " + newest + ", which no migration of this build has (known versions: "
                    + String.join(", ", status.all().stream().filter(m -> m.state() != Migration.State.FUTURE)
                    .map(Migration::version).toList()) + "). Deploy a build that has it, or run `db stamp "
                    + status.headVersion() + "` if the schema really is at " + status.headVersion() + ".");
        }
    }

    static void requireUnchanged(MigrationStatus status) {
        List<Migration> changed = status.all().stream().filter(m -> m.checksum() == Migration.Checksum.CHANGED
                || m.state() == Migration.State.MISSING_FILE).toList();
        if (!changed.isEmpty()) {
            throw new MigrationException(MigrationException.Reason.CHECKSUM_MISMATCH, "Applied migration(s) "
                    + String.join(", ", changed.stream().map(m -> m.script() + (m.state()
                    == Migration.State.MISSING_FILE ? " (file missing)" : " (file changed)")).toList())
                    + " no longer match the history. Restore the file(s), or run `db repair` if the database already "
                    + "matches them.");
        }
    }

    /** The newest applied version below {@code version} (all of them when null), or null for base. */
    private static String newestBelow(MigrationStatus status, String version) {
        String newest = null;
        for (Migration m : status.applied()) {
            if (m.state() != Migration.State.FAILED && (version == null
                    || MigrationVersion.fromVersion(m.version())
                    .compareTo(MigrationVersion.fromVersion(version)) < 0)) {
                newest = m.version();
            }
        }
        return newest;
    }

    /** The newest applied version a Flyway sees in its history, or null. */
    private static String currentVersion(Flyway flyway) {
        MigrationInfo current = flyway.info().current();
        return current == null || current.getVersion() == null ? null : current.getVersion().getVersion();
    }

    private static String label(String version) {
        return version == null ? "base" : version;
    }

    private static Duration elapsed(long started) {
        return Duration.ofNanos(System.nanoTime() - started);
    }

    private static String firstLine(Throwable e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).strip();
    }

    /** Runs Flyway, turning its failures into this library's exceptions. */
    private <T> T flyway(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (FlywayException e) {
            throw translate(e);
        }
    }

    private DataException translate(Exception e) {
        if (e instanceof DataException d) {
            return d;
        }
        if (e instanceof FlywayException f) {
            return FlywayFailures.translate(f, set == null ? null : set.name(), settings.historyTable());
        }
        FailureClassifier.Classification c = FailureClassifier.classify(e);
        if (c.kind() == FailureKind.CONNECTION) {
            return new UnavailableException("The database is unreachable (" + c.code() + "): " + firstLine(e),
                    c.code(), 1, e);
        }
        String message = firstLine(e);
        if (c.exception() != null && c.exception() != e) {
            // The driver's own message may hide the database's reason (e.g. "permission denied for table …").
            message = message + ": " + firstLine(c.exception()) + (c.code() == null ? "" : " (" + c.code() + ")");
        }
        return new DataException(message, c.code(), e);
    }
}
