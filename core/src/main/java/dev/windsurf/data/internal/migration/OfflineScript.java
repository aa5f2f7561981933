package dev.windsurf.data.internal.migration;

import dev.windsurf.data.Engine;
import dev.windsurf.data.internal.schema.OneLine;
import dev.windsurf.data.migration.Migration;
import dev.windsurf.data.migration.MigrationException;
import dev.windsurf.data.migration.MigrationSet;
import dev.windsurf.data.migration.MigrationSettings;
import dev.windsurf.data.migration.MigrationStatus;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.text.SimpleDateFormat;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import org.flywaydb.core.api.MigrationVersion;

/**
 * The SQL an upgrade or a downgrade would run, written out instead of run ({@code db upgrade --sql},
 * {@code db downgrade --sql}) and run inside one rolled-back transaction for a dry run: the migration's statements
 * with Flyway's placeholders expanded as Flyway expands them at run time, the history table's {@code CREATE} when it
 * does not exist yet, the history record Flyway writes (same columns, checksum, rank, description, script, type) or
 * the record a downgrade removes, and the transactions: one per migration, as Flyway runs them, except for
 * statements PostgreSQL cannot run inside a transaction ({@code CREATE INDEX CONCURRENTLY} and the like), which
 * Flyway runs outside one.
 *
 * <p>A plan starts either from a database's history ({@link Standing#read}) or from a version given by hand
 * ({@link #assumedStatus}, {@link Standing#assumed}), which needs no database at all. Every text that reaches the SQL
 * is quoted ({@code '…'} with quotes doubled, {@code "…"} for names) and every text in a {@code --} comment is made
 * one line ({@link OneLine#sqlComment}), so a file name holding a newline cannot start a statement. Stateless.
 */
public final class OfflineScript {

    /** PostgreSQL statements that cannot run inside a transaction block; Flyway runs their migration without one. */
    private static final Pattern NON_TRANSACTIONAL_PG = Pattern.compile("(?is)^\\s*("
            + "CREATE\\s+(UNIQUE\\s+)?INDEX\\s+CONCURRENTLY\\b|DROP\\s+INDEX\\s+CONCURRENTLY\\b"
            + "|REINDEX\\b.*\\bCONCURRENTLY\\b|VACUUM\\b|CREATE\\s+DATABASE\\b|DROP\\s+DATABASE\\b"
            + "|ALTER\\s+SYSTEM\\b|CREATE\\s+TABLESPACE\\b|DROP\\s+TABLESPACE\\b|DISCARD\\s+ALL\\b"
            + "|CREATE\\s+SUBSCRIPTION\\b|DROP\\s+SUBSCRIPTION\\b|ALTER\\s+SUBSCRIPTION\\b).*");
    private static final Pattern NON_TRANSACTIONAL_SQLITE = Pattern.compile("(?is)^\\s*VACUUM\\b.*");
    /** Flyway's placeholder syntax with its default prefix, suffix and separator. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");

    private OfflineScript() {
    }

    /**
     * One migration or undo script of the plan.
     *
     * @param version          the version it applies or undoes
     * @param description      Flyway's description of it (the file name's, underscores as spaces)
     * @param script           the file that runs: the migration for an upgrade, the undo script for a downgrade
     * @param undoes           for a downgrade, the migration it undoes; else null
     * @param checksum         for an upgrade, the checksum Flyway records; else null
     * @param rank             for an upgrade, the {@code installed_rank} Flyway records, or 0 when only the
     *                         database knows it (the script then computes it)
     * @param statements       the statements, placeholders expanded
     * @param nonTransactional the first statement that cannot run in a transaction, or null
     */
    public record Step(String version, String description, String script, String undoes, Integer checksum, int rank,
                       List<SqlScript.Statement> statements, String nonTransactional) {

        public Step {
            statements = List.copyOf(statements);
        }

        /** Whether Flyway (or the downgrade) runs it inside a transaction. */
        public boolean transactional() {
            return nonTransactional == null;
        }
    }

    /**
     * One migration set's share of the plan.
     *
     * @param set           the set's name, or null for plain locations
     * @param historyTable  the set's history table
     * @param qualifier     the schema the history table is qualified with, as Flyway does (null: unqualified, the
     *                      session's current schema)
     * @param createHistory whether the script creates the history table (an upgrade of a database without one)
     * @param upgrade       an upgrade (else a downgrade)
     * @param fromVersion   the version the set is at before, or null for base
     * @param toVersion     the version it reaches, or null for base
     * @param installedBy   the user Flyway records ({@code installed_by}), or null for the session's user
     * @param steps         in the order they run
     */
    public record Part(String set, String historyTable, String qualifier, boolean createHistory, boolean upgrade,
                       String fromVersion, String toVersion, String installedBy, List<Step> steps) {

        public Part {
            steps = List.copyOf(steps);
        }
    }

    /**
     * Where a database stands, for the values Flyway takes from it.
     *
     * @param schema        the current schema ({@code main} on SQLite), or null when unknown
     * @param user          the user Flyway records, or null when unknown
     * @param database      the database's name, or null when unknown (always on SQLite, where Flyway has none)
     * @param historyExists whether the set's history table exists
     * @param maxRank       the highest {@code installed_rank} in it, or -1 when unknown
     * @param connected     whether this was read from a database
     */
    public record Standing(String schema, String user, String database, boolean historyExists, int maxRank,
                           boolean connected) {

        /** Reads what Flyway would take from the database behind {@code c}. */
        public static Standing read(Connection c, Engine engine, String historyTable) throws SQLException {
            boolean exists = HistoryTable.exists(c, engine, historyTable);
            int max = 0;
            if (exists) {
                try (Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(installed_rank), 0) FROM "
                             + quote(historyTable))) {
                    max = rs.next() ? rs.getInt(1) : 0;
                }
            }
            if (engine == Engine.SQLITE) {
                return new Standing("main", "", null, exists, max, true);
            }
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT current_schema(), current_user, current_database()")) {
                rs.next();
                return new Standing(rs.getString(1), rs.getString(2), rs.getString(3), exists, max, true);
            }
        }

        /**
         * Whether the connection's schema holds nothing (Flyway migrates a schema without a history table only when
         * it is empty): no relation, type or function in PostgreSQL's current schema, no table or index in SQLite's.
         */
        public static boolean emptySchema(Connection c, Engine engine) throws SQLException {
            String sql = engine == Engine.SQLITE
                    ? "SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
                    : "SELECT (SELECT count(*) FROM pg_class WHERE relnamespace = current_schema()::regnamespace)"
                    + " + (SELECT count(*) FROM pg_proc WHERE pronamespace = current_schema()::regnamespace)"
                    + " + (SELECT count(*) FROM pg_type t WHERE typnamespace = current_schema()::regnamespace"
                    + " AND typtype IN ('e', 'd', 'r', 'm'))";
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                return rs.next() && rs.getLong(1) == 0;
            }
        }

        /**
         * A database assumed to be at a version, without one: SQLite's fixed names are known; PostgreSQL's schema,
         * user and database are not, so the script leaves them to the session and placeholders that need them are
         * refused.
         *
         * @param atBase whether the set is assumed at base (no history table yet)
         */
        public static Standing assumed(Engine engine, boolean atBase) {
            return engine == Engine.SQLITE ? new Standing("main", "", null, !atBase, atBase ? 0 : -1, false)
                    : new Standing(null, null, null, !atBase, atBase ? 0 : -1, false);
        }
    }

    /**
     * A migration set as the script sees it.
     *
     * @param set      the set, or null for plain locations
     * @param settings its locations, undo location and history table
     * @param loader   reads {@code classpath:} locations
     */
    public record Source(MigrationSet set, MigrationSettings settings, ClassLoader loader) {

        MigrationFiles files() {
            return new MigrationFiles(loader, settings.locations(), settings.undoLocation());
        }

        String name() {
            return set == null ? null : set.name();
        }
    }

    // ---------------------------------------------------------------- plans

    /**
     * The status of a database assumed to be at {@code from} ({@code base}, {@code head} or a version of the files):
     * every migration up to it applied, the rest pending.
     *
     * @throws IllegalArgumentException when {@code from} is not {@code base}, {@code head} or a version
     * @throws MigrationException       with {@code UNKNOWN_REVISION} when no file has that version (e.g. beyond head)
     */
    public static MigrationStatus assumedStatus(Source source, String from) {
        MigrationFiles files = source.files();
        files.requireUniqueVersions();
        List<MigrationFiles.ScriptFile> versioned = files.versioned();
        String head = versioned.isEmpty() ? null : versioned.getLast().version();
        String f = from == null ? "" : from.strip();
        MigrationVersion upTo;
        if (f.equalsIgnoreCase("base")) {
            upTo = null;
        } else if (f.equalsIgnoreCase("head")) {
            upTo = head == null ? null : MigrationVersion.fromVersion(head);
        } else {
            if (!f.matches("\\d+(?:[._]\\d+)*")) {
                throw new IllegalArgumentException("Invalid --from version '" + OneLine.of(f) + "': expected base, "
                        + "head or a version such as 2.");
            }
            upTo = MigrationVersion.fromVersion(f.replace('_', '.'));
            MigrationVersion wanted = upTo;
            if (versioned.stream().noneMatch(v -> MigrationVersion.fromVersion(v.version()).equals(wanted))) {
                throw new MigrationException(MigrationException.Reason.UNKNOWN_REVISION, "Can't locate revision "
                        + f + " for --from" + label(source) + ". Known versions: " + (versioned.isEmpty() ? "none"
                        : String.join(", ", versioned.stream().map(MigrationFiles.ScriptFile::version).toList()))
                        + (head != null && upTo.compareTo(MigrationVersion.fromVersion(head)) > 0
                        ? " (" + f + " is beyond head, " + head + ")" : "") + ".");
            }
        }
        List<Migration> all = new ArrayList<>();
        String current = null;
        for (MigrationFiles.ScriptFile file : versioned) {
            boolean applied = upTo != null && MigrationVersion.fromVersion(file.version()).compareTo(upTo) <= 0;
            if (applied) {
                current = file.version();
            }
            String undo = MigrationFiles.undoName(file.name());
            all.add(new Migration(file.version(), description(file.name()), file.name(),
                    applied ? Migration.State.APPLIED : Migration.State.PENDING, null, null, null,
                    applied ? Migration.Checksum.MATCHES : Migration.Checksum.NOT_APPLIED, undo,
                    files.undoExists(undo)));
        }
        return new MigrationStatus(all, current, head);
    }

    /**
     * The upgrade to {@code target} as a plan.
     *
     * @param fromDatabase whether {@code status} was read from a database (its refusals then apply: a failed
     *                     migration, a version no file has, a changed checksum)
     * @param timestamp    the time {@code ${flyway:timestamp}} expands to
     * @throws MigrationException as {@code db upgrade} would refuse, or with {@code REFUSED} for a placeholder that
     *                            has no value or a migration mixing statements that cannot share a transaction
     */
    public static Part upgrade(Engine engine, Source source, MigrationStatus status, Standing standing,
                               String target, boolean fromDatabase, Instant timestamp) {
        requireEngine(engine, source);
        if (fromDatabase) {
            MigrationLifecycle.requireNoFailure(status);
            MigrationLifecycle.requireNotAhead(status);
            MigrationLifecycle.requireUnchanged(status);
        }
        List<Migration> plan = Targets.upgrade(target, status);
        MigrationFiles files = source.files();
        List<MigrationFiles.ScriptFile> versioned = files.versioned();
        String table = source.settings().historyTable();
        List<Step> steps = new ArrayList<>();
        int rank = standing.maxRank();
        for (Migration m : plan) {
            MigrationFiles.ScriptFile file = versioned.stream().filter(v -> v.version().equals(m.version()))
                    .findFirst().orElseThrow(() -> new MigrationException(MigrationException.Reason.UNKNOWN_REVISION,
                            "No file for version " + m.version() + label(source) + "."));
            String text = read(source, file.path());
            Map<String, String> values = placeholders(engine, standing, table, file.name(), timestamp);
            String expanded = expand(text, values, file.name(), engine, standing.connected());
            List<SqlScript.Statement> statements = SqlScript.split(expanded);
            rank = rank < 0 ? -1 : rank + 1;
            steps.add(new Step(m.version(), m.description(), file.name(), null, checksum(text), Math.max(rank, 0),
                    statements, nonTransactional(engine, file.name(), statements)));
        }
        String after = plan.isEmpty() ? status.currentVersion() : plan.getLast().version();
        return new Part(source.name(), table, standing.connected() ? standing.schema() : null,
                !standing.historyExists() && !plan.isEmpty(), true, status.currentVersion(), after,
                standing.user(), steps);
    }

    /**
     * The downgrade to {@code target} as a plan: the undo scripts as they are (the downgrade runs them without
     * placeholders), each with the removal of its version's history record.
     *
     * @throws MigrationException as {@code db downgrade} would refuse ({@code MISSING_UNDO} naming every missing
     *                            script, {@code INVALID_TARGET}, {@code UNKNOWN_REVISION})
     */
    public static Part downgrade(Engine engine, Source source, MigrationStatus status, Standing standing,
                                 String target, boolean fromDatabase) {
        if (fromDatabase) {
            MigrationLifecycle.requireNoFailure(status);
        }
        List<Migration> plan = Targets.downgrade(target, status);
        MigrationFiles files = source.files();
        List<Step> steps = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (Migration m : plan) {
            if (m.state() == Migration.State.BASELINE) {
                throw new MigrationException(MigrationException.Reason.INVALID_TARGET, "Version " + m.version()
                        + " is a baseline, not a migration that ran: there is nothing to undo below it. Downgrade to "
                        + m.version() + " at most.");
            }
            var text = files.readUndo(m.undoScript());
            if (text.isEmpty()) {
                missing.add(files.undoPath(m.undoScript()) + " (undoes " + m.script() + ")");
                continue;
            }
            List<SqlScript.Statement> statements = SqlScript.split(text.get());
            steps.add(new Step(m.version(), m.description(), m.undoScript(), m.script(), null, 0, statements,
                    nonTransactional(engine, m.undoScript(), statements)));
        }
        if (!missing.isEmpty()) {
            throw new MigrationException(MigrationException.Reason.MISSING_UNDO, "Cannot downgrade" + label(source)
                    + ": no undo script " + String.join(", ", missing) + ". Nothing was written.");
        }
        String after = status.currentVersion();
        if (!plan.isEmpty()) {
            String lowest = plan.getLast().version();
            after = null;
            for (Migration m : status.applied()) {
                if (MigrationVersion.fromVersion(m.version()).compareTo(MigrationVersion.fromVersion(lowest)) < 0) {
                    after = m.version();
                }
            }
        }
        return new Part(source.name(), source.settings().historyTable(), null, false, false,
                status.currentVersion(), after, standing.user(), steps);
    }

    private static void requireEngine(Engine engine, Source source) {
        if (source.set() != null && source.set().postgresOnly() && engine != Engine.POSTGRESQL) {
            throw new MigrationException(MigrationException.Reason.WRONG_ENGINE, "Migration set "
                    + source.set().name() + " targets PostgreSQL only, and the script is for " + engine
                    + ". Use --engine postgresql, or leave the set's jar off the class path.");
        }
    }

    // ---------------------------------------------------------------- SQL of the history

    /** The history table's {@code CREATE} statements, as Flyway writes them for the engine. */
    public static List<String> createHistory(Engine engine, Part part) {
        String t = part.historyTable();
        if (engine == Engine.SQLITE) {
            return List.of("CREATE TABLE " + quote("main") + "." + quote(t) + " (\n"
                            + "    \"installed_rank\" INT NOT NULL PRIMARY KEY,\n"
                            + "    \"version\" VARCHAR(50),\n"
                            + "    \"description\" VARCHAR(200) NOT NULL,\n"
                            + "    \"type\" VARCHAR(20) NOT NULL,\n"
                            + "    \"script\" VARCHAR(1000) NOT NULL,\n"
                            + "    \"checksum\" INT,\n"
                            + "    \"installed_by\" VARCHAR(100) NOT NULL,\n"
                            + "    \"installed_on\" TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f','now')),\n"
                            + "    \"execution_time\" INT NOT NULL,\n"
                            + "    \"success\" BOOLEAN NOT NULL\n"
                            + ")",
                    "CREATE INDEX " + quote("main") + "." + quote(t + "_s_idx") + " ON " + quote(t)
                            + " (\"success\")");
        }
        String q = qualified(part);
        return List.of("CREATE TABLE " + q + " (\n"
                        + "    \"installed_rank\" INT NOT NULL,\n"
                        + "    \"version\" VARCHAR(50),\n"
                        + "    \"description\" VARCHAR(200) NOT NULL,\n"
                        + "    \"type\" VARCHAR(20) NOT NULL,\n"
                        + "    \"script\" VARCHAR(1000) NOT NULL,\n"
                        + "    \"checksum\" INTEGER,\n"
                        + "    \"installed_by\" VARCHAR(100) NOT NULL,\n"
                        + "    \"installed_on\" TIMESTAMP NOT NULL DEFAULT now(),\n"
                        + "    \"execution_time\" INTEGER NOT NULL,\n"
                        + "    \"success\" BOOLEAN NOT NULL\n"
                        + ")",
                "ALTER TABLE " + q + " ADD CONSTRAINT " + quote(t + "_pk") + " PRIMARY KEY (\"installed_rank\")",
                "CREATE INDEX " + quote(t + "_s_idx") + " ON " + q + " (\"success\")");
    }

    /**
     * The history record Flyway inserts after a migration: its columns and values; the execution time is 0 (this
     * script cannot know it), the rank the database's next one.
     */
    public static String insertHistory(Engine engine, Part part, Step step) {
        String q = qualified(part);
        String rank = step.rank() > 0 ? Integer.toString(step.rank())
                : "(SELECT COALESCE(MAX(\"installed_rank\"), 0) + 1 FROM " + q + ")";
        String user = part.installedBy() != null ? literal(part.installedBy())
                : engine == Engine.SQLITE ? "''" : "current_user";
        return "INSERT INTO " + q + " (\"installed_rank\", \"version\", \"description\", \"type\", \"script\", "
                + "\"checksum\", \"installed_by\", \"execution_time\", \"success\") VALUES (" + rank + ", "
                + literal(step.version()) + ", " + literal(step.description()) + ", 'SQL', "
                + literal(step.script()) + ", " + step.checksum() + ", " + user + ", 0, "
                + (engine == Engine.SQLITE ? "1" : "TRUE") + ")";
    }

    /** The statement that holds the history against other writers for a downgrade step (PostgreSQL), or null. */
    public static String lockHistory(Engine engine, Part part) {
        return engine == Engine.POSTGRESQL ? "LOCK TABLE " + qualified(part) + " IN SHARE ROW EXCLUSIVE MODE"
                : null;
    }

    /** The removal of an undone version's records, as the downgrade does it. */
    public static String deleteHistory(Part part, Step step) {
        return "DELETE FROM " + qualified(part) + " WHERE \"version\" = " + literal(step.version());
    }

    private static String qualified(Part part) {
        return (part.qualifier() == null ? "" : quote(part.qualifier()) + ".") + quote(part.historyTable());
    }

    // ---------------------------------------------------------------- rendering

    /**
     * The whole script: a header of {@code --} lines (already one-line safe), the session settings the
     * {@code db} commands use, then each part.
     */
    public static String render(Engine engine, List<String> header, List<Part> parts) {
        StringBuilder out = new StringBuilder();
        for (String line : header) {
            out.append("-- ").append(OneLine.sqlComment(line)).append('\n');
        }
        if (engine == Engine.SQLITE) {
            out.append("\n-- The db commands' connections enforce foreign keys; so does this script.\n");
            out.append("PRAGMA foreign_keys = ON;\n");
        }
        for (Part part : parts) {
            String set = part.set() == null ? "" : "migration set " + part.set() + ": ";
            out.append('\n').append("-- ").append(OneLine.sqlComment(set + (part.upgrade() ? "upgrade" : "downgrade")
                    + " from version " + labelOf(part.fromVersion()) + " to " + labelOf(part.toVersion()) + ", "
                    + part.steps().size() + (part.upgrade() ? " migration(s)" : " undo script(s)")
                    + ", history table " + part.historyTable())).append('\n');
            if (part.steps().isEmpty()) {
                out.append("-- Nothing to ").append(part.upgrade() ? "upgrade" : "downgrade").append(".\n");
                continue;
            }
            if (part.createHistory()) {
                out.append("\n-- ").append(OneLine.sqlComment(set + "the history table does not exist yet; "
                        + "Flyway creates it first")).append('\n');
                out.append(begin(engine, false)).append('\n');
                for (String s : createHistory(engine, part)) {
                    out.append(s).append(";\n");
                }
                out.append("COMMIT;\n");
            }
            for (Step step : part.steps()) {
                out.append('\n').append("-- ").append(OneLine.sqlComment(set + (part.upgrade()
                        ? "version " + step.version() + ": " + step.script() + " (" + step.description()
                        + ", checksum " + step.checksum() + ")"
                        : "undo version " + step.version() + ": " + step.script() + " (undoes " + step.undoes()
                        + ")"))).append('\n');
                if (!step.transactional()) {
                    out.append("-- ").append(OneLine.sqlComment("runs outside a transaction, as Flyway runs it: "
                            + abbreviate(step.nonTransactional()) + " cannot run inside one")).append('\n');
                } else {
                    out.append(begin(engine, !part.upgrade())).append('\n');
                    String lock = part.upgrade() ? null : lockHistory(engine, part);
                    if (lock != null) {
                        out.append(lock).append(";\n");
                    }
                }
                for (SqlScript.Statement st : step.statements()) {
                    out.append(terminated(st.sql())).append('\n');
                }
                out.append(part.upgrade() ? insertHistory(engine, part, step) : deleteHistory(part, step))
                        .append(";\n");
                if (step.transactional()) {
                    out.append("COMMIT;\n");
                }
            }
        }
        return out.toString();
    }

    private static String begin(Engine engine, boolean immediate) {
        return engine == Engine.SQLITE && immediate ? "BEGIN IMMEDIATE;" : "BEGIN;";
    }

    /** The statement with its semicolon; on a line of its own when the last line ends in a comment. */
    static String terminated(String sql) {
        String last = sql.substring(sql.lastIndexOf('\n') + 1);
        boolean commentAtEnd = !SqlScript.withoutComments(last).equals(last.strip());
        return sql + (commentAtEnd ? "\n;" : ";");
    }

    // ---------------------------------------------------------------- Flyway's rules

    /** Flyway's checksum of a migration: CRC32 over its lines (without line breaks, BOM removed), as UTF-8. */
    public static int checksum(String text) {
        CRC32 crc = new CRC32();
        try (BufferedReader reader = new BufferedReader(new StringReader(text), 4096)) {
            String line = reader.readLine();
            boolean first = true;
            while (line != null) {
                if (first && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                first = false;
                crc.update(line.getBytes(StandardCharsets.UTF_8));
                line = reader.readLine();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return (int) crc.getValue();
    }

    /** Flyway's description of a migration file: the part after {@code __}, underscores as spaces. */
    static String description(String fileName) {
        Matcher m = MigrationFiles.VERSIONED.matcher(fileName);
        String d = m.matches() ? m.group(2) : fileName;
        return d.replace('_', ' ').strip();
    }

    /** The values of Flyway's built-in placeholders at run time (no others are configured). */
    static Map<String, String> placeholders(Engine engine, Standing standing, String table, String fileName,
                                            Instant timestamp) {
        Map<String, String> values = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        values.put("flyway:defaultSchema", standing.schema());
        values.put("flyway:user", standing.user());
        values.put("flyway:database", standing.database());
        values.put("flyway:timestamp", new SimpleDateFormat("yyyy-MM-dd HH:mm:ss").format(Date.from(timestamp)));
        values.put("flyway:workingDirectory", System.getProperty("user.dir"));
        values.put("flyway:table", table);
        values.put("flyway:environment", "default");
        values.put("flyway:filename", fileName);
        return values;
    }

    /**
     * Expands {@code ${name}} the way Flyway does before it parses a migration (comments included); a name without
     * a value fails, as Flyway fails.
     */
    static String expand(String text, Map<String, String> values, String fileName, Engine engine,
                         boolean connected) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            if (!values.containsKey(name)) {
                throw new MigrationException(MigrationException.Reason.REFUSED, fileName + ": no value provided for "
                        + "placeholder ${" + OneLine.of(name) + "}; Flyway would refuse the migration the same way. "
                        + "Nothing was written.");
            }
            String value = values.get(name);
            if (value == null && engine == Engine.SQLITE) {
                throw new MigrationException(MigrationException.Reason.REFUSED, fileName + " uses ${"
                        + OneLine.of(name) + "}, which Flyway cannot fill on SQLite (\"Failed to populate value for "
                        + "default placeholder\"): it refuses the migration, and nothing was written.");
            }
            if (value == null) {
                throw new MigrationException(MigrationException.Reason.REFUSED, fileName + " uses ${"
                        + OneLine.of(name) + "}, which only the database can tell (" + engine + ", "
                        + (connected ? "not reported" : "no database given") + "). Write the script against the "
                        + "database itself (without --from).");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The first statement that cannot run in a transaction, or null; fails when it shares a file with others. */
    static String nonTransactional(Engine engine, String fileName, List<SqlScript.Statement> statements) {
        Pattern p = engine == Engine.POSTGRESQL ? NON_TRANSACTIONAL_PG : NON_TRANSACTIONAL_SQLITE;
        String first = null;
        boolean transactional = false;
        for (SqlScript.Statement st : statements) {
            String bare = SqlScript.withoutComments(st.sql());
            if (p.matcher(bare).matches()) {
                first = first == null ? bare : first;
            } else {
                transactional = true;
            }
        }
        if (first != null && transactional) {
            throw new MigrationException(MigrationException.Reason.REFUSED, fileName + " mixes statements that "
                    + "cannot run in a transaction (" + abbreviate(first) + ") with others; Flyway refuses such a "
                    + "migration (\"Detected both transactional and non-transactional statements within the same "
                    + "migration\"). Move the statement into a migration of its own.");
        }
        return first;
    }

    // ---------------------------------------------------------------- text

    /** A name in double quotes, quotes doubled. */
    public static String quote(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** A string literal, quotes doubled (standard SQL on both engines; PostgreSQL keeps backslashes literally). */
    public static String literal(String value) {
        return value == null ? "NULL" : "'" + value.replace("'", "''") + "'";
    }

    static String labelOf(String version) {
        return version == null ? "base" : version;
    }

    private static String label(Source source) {
        return source.name() == null ? "" : " (migration set " + source.name() + ")";
    }

    private static String abbreviate(String sql) {
        String oneLine = sql.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= 80 ? oneLine : oneLine.substring(0, 77) + "...";
    }

    /** A migration's text, read as Flyway reads it (UTF-8): a class path resource, else a file. */
    private static String read(Source source, String path) {
        try (InputStream in = source.loader().getResourceAsStream(path)) {
            if (in != null) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            return Files.readString(Path.of(path), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read migration " + path + ": " + e.getMessage(), e);
        }
    }
}
