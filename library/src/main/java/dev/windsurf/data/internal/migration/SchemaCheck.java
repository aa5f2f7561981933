package dev.windsurf.data.internal.migration;

import dev.windsurf.data.DataException;
import dev.windsurf.data.SchemaOutOfDateException;
import dev.windsurf.data.SchemaPolicy;
import dev.windsurf.data.schema.SchemaMigrations;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.api.output.ValidateOutput;
import org.flywaydb.core.api.output.ValidateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares the database's Flyway history with the migration version the generated classes were built from
 * ({@link SchemaMigrations#VERSION}) and applies the {@link SchemaPolicy}. Stateless apart from its settings.
 */
public final class SchemaCheck {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaCheck.class);

    /** Where the migrations live on the class path (in the windsurf-migrations jar). */
    public static final String LOCATION = "classpath:db/migration";

    /**
     * The outcome of a check.
     *
     * @param versionBefore the database's version before the check, or null when it had none
     * @param versionAfter  the database's version after the check, or null
     * @param applied       how many migrations were applied
     * @param ahead         true when the database has migrations newer than the code
     */
    public record Outcome(String versionBefore, String versionAfter, int applied, boolean ahead) {
    }

    private final String name;
    private final DataSource dataSource;
    private final String codeVersion;

    /**
     * @param name       the database's name, for messages
     * @param dataSource unpooled connections to the database (Flyway may hold two at once)
     */
    public SchemaCheck(String name, DataSource dataSource) {
        this(name, dataSource, SchemaMigrations.VERSION);
    }

    SchemaCheck(String name, DataSource dataSource, String codeVersion) {
        this.name = name;
        this.dataSource = dataSource;
        this.codeVersion = codeVersion;
    }

    /** A Flyway instance for the project's migrations, targeting the code's version. */
    public static Flyway flyway(DataSource dataSource, String target) {
        return Flyway.configure(SchemaCheck.class.getClassLoader())
                .dataSource(dataSource)
                .locations(LOCATION)
                .target(target)
                .failOnMissingLocations(true)
                .ignoreMigrationPatterns("*:future")
                .cleanDisabled(true)
                .load();
    }

    /**
     * Runs the check.
     *
     * @throws SchemaOutOfDateException when the policy refuses the database's state
     */
    public Outcome run(SchemaPolicy policy, boolean allowNewer) {
        if (policy == SchemaPolicy.NONE) {
            // No Flyway start-up cost: one query for the version to report.
            String version = currentVersion();
            return new Outcome(version, version, 0, false);
        }
        Flyway flyway = flyway(dataSource, codeVersion);
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
                        + "earlier on database " + name + " and left the history marked FAILED. Fix the database by "
                        + "hand, then run `db repair`.", SchemaOutOfDateException.Reason.CHECKSUM_MISMATCH, before,
                        codeVersion);
            }
        }
        if (!future.isEmpty()) {
            String newest = future.getLast().getVersion().getVersion();
            String message = "Database " + name + " is at schema version " + newest + ", newer than this build's "
                    + codeVersion + " (unknown migration(s): " + future.stream().map(m -> m.getVersion() + " "
                    + m.getDescription()).toList() + "). Deploy a build that knows them, or run `db downgrade "
                    + codeVersion + "` with the newer build.";
            if (!allowNewer) {
                throw new SchemaOutOfDateException(message, SchemaOutOfDateException.Reason.AHEAD, newest, codeVersion);
            }
            LOG.warn("[{}] {} Starting anyway (allowNewerSchema).", name, message);
        }
        ValidateResult validation = Flyway.configure(SchemaCheck.class.getClassLoader())
                .configuration(flyway.getConfiguration())
                .ignoreMigrationPatterns("*:future", "*:pending")
                .load()
                .validateWithResult();
        if (!validation.validationSuccessful) {
            List<String> problems = validation.invalidMigrations.stream().map(SchemaCheck::describe).toList();
            throw new SchemaOutOfDateException("Applied migrations on database " + name + " do not match this build's "
                    + "files: " + String.join("; ", problems) + ". If a file was edited on purpose and the database "
                    + "already matches it, run `db repair`; otherwise restore the file.",
                    SchemaOutOfDateException.Reason.CHECKSUM_MISMATCH, before, codeVersion);
        }
        if (pending.isEmpty()) {
            return new Outcome(before, before, 0, !future.isEmpty());
        }
        if (policy == SchemaPolicy.VALIDATE) {
            throw new SchemaOutOfDateException("Target database is not up to date: database " + name + " is at schema "
                    + "version " + (before == null ? "none (empty)" : before) + ", this build needs " + codeVersion
                    + " (" + pending.size() + " pending migration(s), first " + pending.getFirst().getScript()
                    + "). Run `db upgrade head`, or start with schema policy MIGRATE.",
                    SchemaOutOfDateException.Reason.BEHIND, before, codeVersion);
        }
        MigrateResult result = flyway.migrate();
        String after = result.targetSchemaVersion != null ? result.targetSchemaVersion : before;
        if (result.migrationsExecuted > 0) {
            LOG.info("[{}] Migrated schema from version {} to {} ({} migration(s))", name,
                    before == null ? "none" : before, after, result.migrationsExecuted);
        }
        MigrationInfo now = flyway.info().current();
        return new Outcome(before, now == null ? after : now.getVersion().getVersion(), result.migrationsExecuted, false);
    }

    /**
     * The version of the latest successful migration, or null when there is no history table (an empty or unmanaged
     * database) or no migration in it.
     *
     * @throws DataException when the history table exists but cannot be read (e.g. no SELECT privilege on it): the
     *                       version is then unknown, not absent
     */
    private String currentVersion() {
        try (Connection c = dataSource.getConnection()) {
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT version FROM flyway_schema_history WHERE success AND version "
                         + "IS NOT NULL ORDER BY installed_rank DESC")) {
                return rs.next() ? rs.getString(1) : null;
            } catch (SQLException e) {
                // One query on the usual path; the catalog is asked only to tell a missing table from a refused one.
                if (!historyTableExists(c)) {
                    return null;
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new DataException("Cannot read the migration history (flyway_schema_history) of database " + name
                    + ": " + e.getMessage() + ". The user needs SELECT on it to check the schema version.",
                    e.getSQLState(), e);
        }
    }

    private static boolean historyTableExists(Connection c) throws SQLException {
        try (ResultSet tables = c.getMetaData().getTables(c.getCatalog(), c.getSchema(), "flyway_schema_history",
                null)) {
            return tables.next();
        }
    }

    private static String describe(ValidateOutput output) {
        String what = output.errorDetails == null ? "invalid" : output.errorDetails.errorMessage;
        return "version " + output.version + " (" + output.filepath + "): " + what;
    }
}
