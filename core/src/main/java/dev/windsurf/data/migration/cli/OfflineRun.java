package dev.windsurf.data.migration.cli;

import dev.windsurf.data.Database;
import dev.windsurf.data.DatabaseConfig;
import dev.windsurf.data.Engine;
import dev.windsurf.data.internal.config.DatabaseUrls;
import dev.windsurf.data.internal.migration.DryRun;
import dev.windsurf.data.internal.migration.MigrationSetDescriptors;
import dev.windsurf.data.internal.migration.OfflineScript;
import dev.windsurf.data.internal.migration.SqliteSnapshot;
import dev.windsurf.data.internal.schema.OneLine;
import dev.windsurf.data.migration.MigrationException;
import dev.windsurf.data.migration.MigrationRun;
import dev.windsurf.data.migration.MigrationSet;
import dev.windsurf.data.migration.MigrationSettings;
import dev.windsurf.data.migration.MigrationStatus;
import dev.windsurf.data.migration.Migrations;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code upgrade} and {@code downgrade} with {@code --sql}, {@code --dry-run} or {@code --from}: the same plan as
 * the real command (the same sets in the same order, the same refusals), written out or run and undone, never
 * applied. Not thread-safe; one instance per command line.
 */
final class OfflineRun {

    private final Subcommand command;
    private final DbCommand db;
    private final OfflineOptions options;
    private final boolean upgrade;
    private final String target;

    OfflineRun(Subcommand command, DbCommand db, OfflineOptions options, boolean upgrade, String target) {
        this.command = command;
        this.db = db;
        this.options = options;
        this.upgrade = upgrade;
        this.target = target;
    }

    private String verb() {
        return upgrade ? "upgrade" : "downgrade";
    }

    /** Whether the command covers every set: {@code upgrade head} and {@code downgrade base}. */
    private boolean everySet() {
        return target.equalsIgnoreCase(upgrade ? "head" : "base");
    }

    int run() {
        validate();
        if (options.from != null) {
            return offline();
        }
        DatabaseConfig config = db.configOnly();
        Path file = config.engine() == Engine.SQLITE ? DatabaseUrls.parse(config.url()).sqliteFile() : null;
        if (file != null) {
            if (!java.nio.file.Files.exists(file)) {
                throw new CommandFailure(DbCommand.USAGE, "NO_DATABASE", "There is no database at "
                        + config.maskedUrl() + ": nothing to " + verb() + " " + (options.sql ? "--sql" : "--dry-run")
                        + " from, and none was created. Pass --url (or set DATABASE_URL), or write the SQL without a "
                        + "database with --from base.", null);
            }
            // The file itself is never opened: a connection would create -wal and -shm files beside it, and
            // closing it would checkpoint into the file. Everything reads (and a dry run writes) a private copy.
            try (SqliteSnapshot snapshot = SqliteSnapshot.of(file);
                 Session database = db.open("jdbc:sqlite:" + snapshot.file(), Session.Access.EXISTING)) {
                return connected(database, config.maskedUrl());
            }
        }
        if (config.engine() == Engine.SQLITE && options.dryRun) {
            // An in-memory database has no file to copy, and a dry run must never run on the database itself.
            throw usage("--dry-run on SQLite runs on a copy of the database file, and " + config.maskedUrl()
                    + " is an in-memory database: there is no file to copy. Review the SQL with --sql instead.");
        }
        try (Session database = db.open(null, Session.Access.EXISTING)) {
            return connected(database, config.maskedUrl());
        }
    }

    private void validate() {
        if (options.sql && options.dryRun) {
            throw usage("--sql and --dry-run exclude each other: --sql prints the SQL, --dry-run runs it and rolls "
                    + "it back. Choose one; nothing was run.");
        }
        if (options.from != null && !options.sql) {
            throw usage("--from works with --sql only: a dry run needs the database. Add --sql, or drop --from.");
        }
        if (options.engine != null && options.from == null) {
            throw usage("--engine applies with --from only: with a database, its engine decides the dialect.");
        }
        if (options.engine != null && !List.of("postgresql", "sqlite").contains(options.engine.toLowerCase(
                Locale.ROOT))) {
            throw usage("Unknown --engine '" + OneLine.of(options.engine) + "': expected postgresql or sqlite.");
        }
    }

    private static String pretty(Engine engine) {
        return engine == Engine.POSTGRESQL ? "PostgreSQL" : "SQLite";
    }

    private static CommandFailure usage(String message) {
        return new CommandFailure(DbCommand.USAGE, "USAGE", message, null);
    }

    // ---------------------------------------------------------------- without a database

    private int offline() {
        DatabaseConfig config = null;
        Engine engine;
        String dialect;
        if (options.engine != null) {
            engine = options.engine.equalsIgnoreCase("sqlite") ? Engine.SQLITE : Engine.POSTGRESQL;
            dialect = "from --engine " + options.engine.toLowerCase(Locale.ROOT);
        } else {
            config = db.configOnly();
            engine = config.engine();
            dialect = "from the scheme of the URL (" + config.maskedUrl() + "; not connected); --engine "
                    + "postgresql|sqlite chooses another";
        }
        List<MigrationSet> sets = sets(config);
        List<OfflineScript.Source> sources = sources(sets);
        String from = options.from.strip();
        boolean wholeStack = from.equalsIgnoreCase("base") || from.equalsIgnoreCase("head");
        if (sources.size() > 1 && !wholeStack) {
            throw usage("--from " + OneLine.of(from) + " names a version of one migration set, and there are "
                    + "several (" + String.join(", ", sets.stream().map(MigrationSet::name).toList()) + "): name "
                    + "one with --schema NAME, or use --from base or --from head.");
        }
        if (sources.size() > 1 && !everySet()) {
            throw usage("The target " + OneLine.of(target) + " names a version of one migration set, and there are "
                    + "several: name one with --schema NAME.");
        }
        List<OfflineScript.Source> ordered = upgrade ? sources : sources.reversed();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<OfflineScript.Part> parts = new ArrayList<>();
        for (OfflineScript.Source source : ordered) {
            MigrationStatus status = OfflineScript.assumedStatus(source, from);
            OfflineScript.Standing standing = OfflineScript.Standing.assumed(engine, status.currentVersion() == null);
            parts.add(upgrade ? OfflineScript.upgrade(engine, source, status, standing, target, false, now)
                    : OfflineScript.downgrade(engine, source, status, standing, target, false));
        }
        List<String> header = header(engine, now);
        header.add("Dialect: " + pretty(engine) + " (" + dialect + ").");
        header.add("From: version " + from + " given with --from, without a database. "
                + (engine == Engine.POSTGRESQL ? "The history table and the migrations' objects go to the session's "
                + "current schema (search_path); installed_by is the session's user (current_user)."
                : "installed_by is empty, as Flyway writes it on SQLite."));
        return print(engine, header, parts);
    }

    /** The sets the application would use: the configured ones, else every set on the class path. */
    private List<MigrationSet> sets(DatabaseConfig config) {
        DatabaseConfig c = config != null ? config : db.configOnly();
        List<MigrationSet> all = c.migrationSets() != null ? c.migrationSets()
                : MigrationSet.discover(loader());
        if (db.schema() != null) {
            MigrationSet named = all.stream().filter(s -> s.name().equals(db.schema())).findFirst()
                    .orElseThrow(() -> usage("There is no migration set named '" + OneLine.of(db.schema())
                            + "' (sets: " + all.stream().map(MigrationSet::name).toList() + "). Is the set's jar on "
                            + "the class path?"));
            return List.of(named);
        }
        if (all.size() > 1 && ((db.locations != null && !db.locations.isEmpty()) || db.undoLocation != null)) {
            throw usage("--locations and --undo-location apply to one migration set: name it with --schema NAME.");
        }
        return all;
    }

    private List<OfflineScript.Source> sources(List<MigrationSet> sets) {
        List<OfflineScript.Source> out = new ArrayList<>();
        if (sets.isEmpty()) {
            out.add(new OfflineScript.Source(null, overridden(MigrationSettings.ofDefaults()), loader()));
        }
        for (MigrationSet set : sets) {
            out.add(new OfflineScript.Source(set, overridden(set.settings()), set.classLoader()));
        }
        return out;
    }

    private MigrationSettings overridden(MigrationSettings settings) {
        MigrationSettings.Builder b = settings.toBuilder();
        try {
            if (db.locations != null && !db.locations.isEmpty()) {
                b.locations(db.locations.toArray(String[]::new));
            }
            if (db.undoLocation != null) {
                b.undoLocation(db.undoLocation);
            }
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        return b.build();
    }

    private static ClassLoader loader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : Database.class.getClassLoader();
    }

    // ---------------------------------------------------------------- with a database

    private int connected(Session database, String source) {
        List<Migrations> sets = everySet() ? db.everySet(database, null) : List.of(db.migrations(database, null));
        List<Migrations> ordered = upgrade ? sets : sets.reversed();
        if (options.dryRun && database.engine() == Engine.SQLITE) {
            return dryRunOnCopy(ordered, source);
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<OfflineScript.Part> parts = new ArrayList<>();
        Map<String, String> planned = new HashMap<>();
        try (Connection c = database.dataSource().getConnection()) {
            for (Migrations migrations : ordered) {
                OfflineScript.Source src = new OfflineScript.Source(migrations.set(), migrations.settings(),
                        migrations.set() != null ? migrations.set().classLoader() : loader());
                MigrationStatus status = migrations.status();
                OfflineScript.Standing standing = OfflineScript.Standing.read(c, database.engine(),
                        migrations.settings().historyTable());
                OfflineScript.Part part = upgrade
                        ? OfflineScript.upgrade(database.engine(), src, status, standing, target, true, now)
                        : OfflineScript.downgrade(database.engine(), src, status, standing, target, true);
                if (upgrade && part.createHistory() && !stacked(database, migrations.set())
                        && !OfflineScript.Standing.emptySchema(c, database.engine())) {
                    String set = migrations.set() == null ? "" : " --schema " + migrations.set().name();
                    throw new MigrationException(MigrationException.Reason.REFUSED, "The database already has "
                            + "tables, but no history table " + migrations.settings().historyTable() + ": it was not "
                            + "made by these migrations, and Flyway refuses to migrate it. Use an empty database, or, "
                            + "if its schema already matches the migrations, record that with `db stamp VERSION"
                            + set + "`. Nothing was written.");
                }
                if (!upgrade && !part.steps().isEmpty()) {
                    requireNoAppliedDependent(database, migrations.set(), planned);
                }
                if (migrations.set() != null) {
                    planned.put(migrations.set().name(), part.toVersion());
                }
                parts.add(part);
            }
        } catch (SQLException e) {
            throw new CommandFailure(DbCommand.PROBLEM, "DATABASE", "Cannot read the history of " + source + ": "
                    + String.valueOf(e.getMessage()).replaceAll("\\s*\\n\\s*", " "), e);
        }
        if (options.sql) {
            List<String> header = header(database.engine(), now);
            header.add("Dialect: " + pretty(database.engine()) + " (the database's engine).");
            header.add("From: the history of " + source + " as it was when this was written.");
            return print(database.engine(), header, parts);
        }
        return dryRunInTransaction(database, source, parts);
    }

    /** Whether sets come before this one: its history may start in a schema the others filled. */
    private static boolean stacked(Session database, MigrationSet set) {
        List<MigrationSet> stack = database.migrationSets();
        return set != null && stack.size() > 1 && !stack.getFirst().name().equals(set.name());
    }

    /** The refusal of the real downgrade: a set that depends on this one is still applied (after this plan). */
    private static void requireNoAppliedDependent(Session database, MigrationSet set, Map<String, String> planned) {
        if (set == null) {
            return;
        }
        List<String> applied = new ArrayList<>();
        for (MigrationSet d : MigrationSetDescriptors.dependents(database.migrationSets(), set)) {
            String v = planned.containsKey(d.name()) ? planned.get(d.name())
                    : database.migrations(d.name()).status().currentVersion();
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

    // ---------------------------------------------------------------- output

    private List<String> header(Engine engine, Instant now) {
        List<String> header = new ArrayList<>();
        header.add((upgrade ? "Upgrade" : "Downgrade") + " to " + target + ", written by `db " + verb()
                + " --sql` at " + now + ". Nothing was run.");
        header.add("Run it as a whole and stop at the first error: " + (engine == Engine.POSTGRESQL
                ? "psql -v ON_ERROR_STOP=1 -f FILE" : "sqlite3 -bail DATABASE < FILE") + ".");
        header.add("Each " + (upgrade ? "migration" : "undo script") + " runs in its own transaction together with its "
                + "history record, as `db " + verb() + "` runs it; execution_time is recorded as 0.");
        return header;
    }

    private int print(Engine engine, List<String> header, List<OfflineScript.Part> parts) {
        String sql = OfflineScript.render(engine, header, parts);
        if (command.json()) {
            Map<String, Object> body = command.result(true, DbCommand.OK);
            body.put("engine", engine.name().toLowerCase(Locale.ROOT));
            body.put("sets", parts.stream().map(OfflineRun::view).toList());
            body.put("sql", sql);
            command.print(body);
        } else {
            command.out().print(sql);
            command.out().flush();
        }
        return DbCommand.OK;
    }

    private static Map<String, Object> view(OfflineScript.Part part) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("set", part.set());
        out.put("from", part.fromVersion());
        out.put("to", part.toVersion());
        out.put("scripts", part.steps().stream().map(OfflineScript.Step::script).toList());
        return out;
    }

    // ---------------------------------------------------------------- dry runs

    private int dryRunInTransaction(Session database, String source, List<OfflineScript.Part> parts) {
        String refused = DryRun.nonTransactional(parts);
        if (refused != null) {
            throw new CommandFailure(DbCommand.USAGE, "NOT_TRANSACTIONAL", "Cannot dry-run this " + verb() + ": "
                    + OneLine.of(refused) + " cannot run inside a transaction, so it could not be rolled back. "
                    + "Review it with --sql instead. Nothing was run.", null);
        }
        List<DryRun.Outcome> outcomes;
        // A connection of its own, as the migrations get: the pool's socket time-out would end a long migration
        // that the real run lets finish.
        try (Connection c = direct(database.config())) {
            outcomes = DryRun.run(c, parts);
        } catch (SQLException e) {
            throw new CommandFailure(DbCommand.PROBLEM, "DATABASE", "The dry run could not run on " + source + ": "
                    + String.valueOf(e.getMessage()).replaceAll("\\s*\\n\\s*", " "), e);
        }
        List<Report> reports = new ArrayList<>();
        for (DryRun.Outcome o : outcomes) {
            reports.add(new Report(o.part().set(), o.part().fromVersion(), o.reached(), o.done(),
                    o.failed(), o.error(), o.sqlState()));
        }
        return report(source, "PostgreSQL: one transaction, rolled back", reports, outcomes.size() < parts.size()
                || outcomes.stream().anyMatch(o -> o.failed() != null));
    }

    private static Connection direct(DatabaseConfig config) throws SQLException {
        java.util.Properties properties = new java.util.Properties();
        if (config.username() != null) {
            properties.setProperty("user", config.username());
        }
        if (config.password() != null) {
            properties.setProperty("password", config.password());
        }
        properties.setProperty("ApplicationName", config.name() + "-dry-run");
        properties.setProperty("connectTimeout", Long.toString(Math.max(1, config.connectTimeout().toSeconds())));
        properties.setProperty("logServerErrorDetail", "false");
        return DriverManager.getConnection(config.url(), properties);
    }

    private int dryRunOnCopy(List<Migrations> ordered, String source) {
        List<Report> reports = new ArrayList<>();
        boolean failed = false;
        for (Migrations migrations : ordered) {
            String name = migrations.set() == null ? null : migrations.set().name();
            MigrationStatus before = migrations.status();
            try {
                MigrationRun run = upgrade ? migrations.upgrade(target) : migrations.downgrade(target);
                reports.add(new Report(name, run.fromVersion(), run.toVersion(),
                        run.steps().stream().map(MigrationRun.Step::script).toList(), null, null, null));
            } catch (MigrationException e) {
                if (e.reason() != MigrationException.Reason.SCRIPT_FAILED) {
                    throw e;
                }
                MigrationStatus after = migrations.status();
                List<String> applied = after.all().stream().filter(m -> upgrade ? m.applied()
                        && !wasApplied(before, m.version()) : !m.applied() && wasApplied(before, m.version()))
                        .map(m -> upgrade ? m.script() : m.undoScript()).toList();
                reports.add(new Report(name, before.currentVersion(), after.currentVersion(),
                        upgrade ? applied : applied.reversed(), "", e.getMessage(), e.sqlState()));
                failed = true;
                break;
            }
        }
        return report(source, "SQLite: on a copy of the file, deleted afterwards", reports, failed);
    }

    private static boolean wasApplied(MigrationStatus status, String version) {
        return status.applied().stream().anyMatch(m -> m.version().equals(version));
    }

    /** What a dry run found for one set. */
    private record Report(String set, String from, String reached, List<String> done, String failed, String error,
                          String sqlState) {
    }

    private int report(String source, String how, List<Report> reports, boolean failed) {
        int exit = failed ? DbCommand.PROBLEM : DbCommand.OK;
        if (command.json()) {
            Map<String, Object> body = command.result(!failed, exit);
            body.put("dryRun", true);
            body.put("sets", reports.stream().map(r -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("set", r.set());
                m.put("from", r.from());
                m.put("reached", r.reached());
                m.put("scripts", r.done());
                m.put("error", r.error());
                m.put("sqlState", r.sqlState());
                return m;
            }).toList());
            command.print(body);
            return exit;
        }
        var out = command.out();
        out.println("Dry run of `db " + verb() + " " + target + "` on " + source + " (" + how + "):");
        for (Report r : reports) {
            String prefix = reports.size() > 1 && r.set() != null ? r.set() + ": " : "";
            for (String script : r.done()) {
                out.println("  " + prefix + "would " + (upgrade ? "apply " : "undo with ") + OneLine.of(script));
            }
            if (r.error() == null) {
                out.println("  " + prefix + "would reach version " + Subcommand.label(r.reached())
                        + (r.done().isEmpty() ? " (nothing to " + verb() + ")" : "") + ".");
            } else {
                out.println("  " + prefix + "would FAIL: " + OneLine.of(r.error()));
                out.println("  " + prefix + "the real run would stop at version " + Subcommand.label(r.reached())
                        + ".");
            }
        }
        out.println("Nothing was changed.");
        out.flush();
        if (failed) {
            Report last = reports.getLast();
            db.err().println("FAILED: the dry run of `db " + verb() + " " + OneLine.of(target) + "` hit an error the "
                    + "real run would hit: " + OneLine.of(last.error()) + ". Nothing was changed.");
            db.err().flush();
        }
        return exit;
    }
}
