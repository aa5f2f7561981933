package dev.windsurf.data.internal.migration;

import dev.windsurf.data.DataException;
import dev.windsurf.data.Engine;
import dev.windsurf.data.SchemaOutOfDateException;
import dev.windsurf.data.SchemaPolicy;
import dev.windsurf.data.migration.Migration;
import dev.windsurf.data.migration.MigrationException;
import dev.windsurf.data.migration.MigrationSet;
import dev.windsurf.data.migration.MigrationStatus;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.api.output.ValidateOutput;
import org.flywaydb.core.api.output.ValidateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares each migration set's history in the database with the version its generated classes were built from and
 * applies the {@link SchemaPolicy}, set after set in dependency order. Every message names the set when the database
 * holds more than one. Stateless apart from its settings.
 */
public final class SchemaCheck {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaCheck.class);

    /**
     * The outcome of a check of one set.
     *
     * @param set           the set's name
     * @param versionBefore the database's version of the set before the check, or null when it had none
     * @param versionAfter  the database's version of the set after the check, or null
     * @param codeVersion   the version the code expects (generated classes or, without them, the newest file)
     * @param applied       how many migrations were applied
     * @param ahead         true when the database has migrations of the set newer than the code
     */
    public record Outcome(String set, String versionBefore, String versionAfter, String codeVersion, int applied,
                          boolean ahead) {
    }

    private final String name;
    private final DataSource dataSource;
    private final Engine engine;
    private final List<MigrationSet> sets;

    /**
     * @param name       the database's name, for messages
     * @param dataSource unpooled connections to the database (Flyway may hold two at once)
     * @param engine     the database's engine
     * @param sets       the sets in dependency order
     */
    public SchemaCheck(String name, DataSource dataSource, Engine engine, List<MigrationSet> sets) {
        this.name = Objects.requireNonNull(name, "name cannot be null");
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource cannot be null");
        this.engine = Objects.requireNonNull(engine, "engine cannot be null");
        this.sets = List.copyOf(sets);
    }

    /**
     * Runs the check on every set, in order.
     *
     * @throws SchemaOutOfDateException when the policy refuses a set's state
     * @throws MigrationException       when a set targets PostgreSQL only and the database is SQLite, or Flyway
     *                                  refuses a set (e.g. two files with one version)
     */
    public List<Outcome> run(SchemaPolicy policy, boolean allowNewer) {
        List<Outcome> outcomes = new ArrayList<>();
        for (MigrationSet set : sets) {
            if (set.postgresOnly() && engine != Engine.POSTGRESQL) {
                throw new MigrationException(MigrationException.Reason.WRONG_ENGINE, "Migration set " + set.name()
                        + " targets PostgreSQL only, and database " + name + " is " + engine + ". Point "
                        + "DATABASE_URL at a PostgreSQL database, or leave the set's jar off the class path.");
            }
            try {
                outcomes.add(check(set, policy, allowNewer, !outcomes.isEmpty()));
            } catch (FlywayException e) {
                throw FlywayFailures.translate(e, set.name(), set.historyTable());
            }
        }
        return outcomes;
    }

    private Outcome check(MigrationSet set, SchemaPolicy policy, boolean allowNewer, boolean stacked) {
        String label = sets.size() < 2 ? "database " + name : "migration set " + set.name() + " of database " + name;
        if (policy == SchemaPolicy.NONE) {
            // No Flyway start-up cost: one query for the version to report.
            String version = currentVersion(set);
            return new Outcome(set.name(), version, version, codeVersion(set), 0, false);
        }
        String codeVersion = codeVersion(set);
        String unchanged = atCodeVersionUnchanged(set, codeVersion);
        if (unchanged != null) {
            return new Outcome(set.name(), unchanged, unchanged, codeVersion, 0, false);
        }
        Flyway flyway = FlywaySetup.configure(set.classLoader(), dataSource, set.locations(), set.historyTable())
                .target(codeVersion)
                .ignoreMigrationPatterns("*:future")
                .load();
        MigrationInfo current = flyway.info().current();
        String before = current == null || current.getVersion() == null ? null : current.getVersion().getVersion();
        List<MigrationInfo> future = new ArrayList<>();
        List<MigrationInfo> pending = new ArrayList<>();
        for (MigrationInfo m : flyway.info().all()) {
            if (m.getState() == MigrationState.FUTURE_SUCCESS || m.getState() == MigrationState.FUTURE_FAILED) {
                future.add(m);
            } else if (m.getState() == MigrationState.PENDING) {
                pending.add(m);
            } else if (m.getState() == MigrationState.FAILED) {
                throw new SchemaOutOfDateException("Migration " + m.getVersion() + " (" + m.getScript() + ") failed "
                        + "earlier on " + label + " and left the history marked FAILED. Fix the database by hand, then "
                        + "run `db repair" + option(set) + "`.", SchemaOutOfDateException.Reason.CHECKSUM_MISMATCH,
                        before, codeVersion);
            }
        }
        if (!future.isEmpty()) {
            String newest = future.getLast().getVersion().getVersion();
            String message = label.substring(0, 1).toUpperCase(java.util.Locale.ROOT) + label.substring(1)
                    + " is at schema version " + newest + ", newer than this build's " + codeVersion + " (unknown "
                    + "migration(s): " + future.stream().map(m -> m.getVersion() + " " + m.getDescription()).toList()
                    + "). Deploy a build that knows them, or run `db downgrade " + codeVersion + option(set)
                    + "` with the newer build.";
            if (!allowNewer) {
                throw new SchemaOutOfDateException(message, SchemaOutOfDateException.Reason.AHEAD, newest, codeVersion);
            }
            LOG.warn("[{}] {} Starting anyway (allowNewerSchema).", name, message);
        }
        ValidateResult validation = Flyway.configure(set.classLoader())
                .configuration(flyway.getConfiguration())
                .ignoreMigrationPatterns("*:future", "*:pending")
                .load()
                .validateWithResult();
        if (!validation.validationSuccessful) {
            List<String> problems = validation.invalidMigrations.stream().map(SchemaCheck::describe).toList();
            if (problems.isEmpty() && validation.errorDetails != null) {
                problems = List.of(validation.errorDetails.errorMessage);
            }
            throw new SchemaOutOfDateException("Applied migrations on " + label + " do not match this build's "
                    + "files: " + String.join("; ", problems) + ". If a file was edited on purpose and the database "
                    + "already matches it, run `db repair" + option(set) + "`; otherwise restore the file.",
                    SchemaOutOfDateException.Reason.CHECKSUM_MISMATCH, before, codeVersion);
        }
        if (pending.isEmpty()) {
            return new Outcome(set.name(), before, before, codeVersion, 0, !future.isEmpty());
        }
        if (policy == SchemaPolicy.VALIDATE) {
            throw new SchemaOutOfDateException("Target database is not up to date: " + label + " is at schema "
                    + "version " + (before == null ? "none (empty)" : before) + ", this build needs " + codeVersion
                    + " (" + pending.size() + " pending migration(s), first " + pending.getFirst().getScript()
                    + "). Run `db upgrade head`, or start with schema policy MIGRATE.",
                    SchemaOutOfDateException.Reason.BEHIND, before, codeVersion);
        }
        if (stacked) {
            StackedHistory.prepare(flyway);
        }
        MigrateResult result = flyway.migrate();
        if (stacked) {
            StackedHistory.clean(flyway);
        }
        String after = result.targetSchemaVersion != null ? result.targetSchemaVersion : before;
        if (result.migrationsExecuted > 0) {
            LOG.info("[{}] Migrated {} from version {} to {} ({} migration(s))", name,
                    sets.size() < 2 ? "schema" : "migration set " + set.name(), before == null ? "none" : before,
                    after, result.migrationsExecuted);
        }
        MigrationInfo now = flyway.info().current();
        return new Outcome(set.name(), before, now == null || now.getVersion() == null ? after
                : now.getVersion().getVersion(), codeVersion, result.migrationsExecuted, false);
    }

    /**
     * The usual start, without starting Flyway: the set's version when the history is one {@link PlainHistory}
     * models and every file has been applied, in order, with its recorded checksum and description, up to exactly
     * the code's version; null in every other case (pending, ignored, missing, future, failed or changed
     * migrations, duplicate versions, histories or files only Flyway can read), which Flyway then decides as before.
     * Flyway's {@code validate} would find nothing to refuse in the state this accepts.
     */
    private String atCodeVersionUnchanged(MigrationSet set, String codeVersion) {
        if (codeVersion == null) {
            return null;
        }
        MigrationFiles files = new MigrationFiles(set.classLoader(), set.locations(), set.undoLocation());
        Optional<List<MigrationFiles.ScriptFile>> resolved = files.onlyVersionedSql();
        if (resolved.isEmpty() || resolved.get().isEmpty()) {
            return null;
        }
        Map<String, String> described = new HashMap<>();
        for (MigrationFiles.ScriptFile file : resolved.get()) {
            if (described.put(MigrationVersion.fromVersion(file.version()).getVersion(),
                    PlainHistory.description(file.name())) != null) {
                return null; // two files claim one version: Flyway's error says which
            }
        }
        MigrationStatus status;
        try (Connection c = dataSource.getConnection()) {
            status = PlainHistory.read(c, engine, set.historyTable(), files, set.classLoader()).orElse(null);
        } catch (SQLException e) {
            return null; // the history cannot be read this way: Flyway's path reports why
        }
        if (status == null || status.all().size() != described.size()
                || !codeVersion.equals(status.currentVersion())) {
            return null;
        }
        for (Migration m : status.all()) {
            if (m.state() != Migration.State.APPLIED || m.checksum() != Migration.Checksum.MATCHES
                    || !Objects.equals(described.get(m.version()), m.description())) {
                return null;
            }
        }
        return status.currentVersion();
    }

    private String option(MigrationSet set) {
        return sets.size() < 2 ? "" : " --schema " + set.name();
    }

    /** The version the code of a set expects: its generated classes', or else its newest file's. */
    static String codeVersion(MigrationSet set) {
        if (set.codeVersion() != null) {
            return set.codeVersion();
        }
        List<MigrationFiles.ScriptFile> files = new MigrationFiles(set.classLoader(), set.locations(),
                set.undoLocation()).versioned();
        return files.isEmpty() ? null : files.getLast().version();
    }

    /**
     * The version of the set's latest successful migration, or null when it has no history table (an empty or
     * unmanaged database) or no migration in it.
     *
     * @throws DataException when the history table exists but cannot be read (e.g. no SELECT privilege on it): the
     *                       version is then unknown, not absent
     */
    private String currentVersion(MigrationSet set) {
        String table = set.historyTable();
        try (Connection c = dataSource.getConnection()) {
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT version FROM " + table + " WHERE success AND version "
                         + "IS NOT NULL ORDER BY installed_rank DESC")) {
                return rs.next() ? rs.getString(1) : null;
            } catch (SQLException e) {
                // One query on the usual path; the catalog is asked only to tell a missing table from a refused one.
                if (!HistoryTable.exists(c, engine, table)) {
                    return null;
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new DataException("Cannot read the migration history (" + table + ") of database " + name
                    + ": " + e.getMessage() + ". The user needs SELECT on it to check the schema version.",
                    e.getSQLState(), e);
        }
    }

    private static String describe(ValidateOutput output) {
        String what = output.errorDetails == null ? "invalid" : output.errorDetails.errorMessage;
        return "version " + output.version + " (" + output.filepath + "): " + what;
    }
}
