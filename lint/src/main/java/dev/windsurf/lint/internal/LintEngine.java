package dev.windsurf.lint.internal;

import dev.windsurf.lint.Finding;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies the rules to a migration set, script by script in version order, knowing what each script creates (a
 * table created in the same migration is new: indexing it plainly is fine) and which columns earlier scripts
 * indexed. One instance lints one set; not thread-safe.
 */
public final class LintEngine {

    /**
     * A script to lint.
     *
     * @param file    its file name
     * @param version its migration version, or null
     * @param sql     its text
     */
    public record Script(String file, String version, String sql) {
    }

    private static final Pattern ALLOW = Pattern.compile(
            "^\\s*lint:\\s*allow\\s+([A-Za-z0-9_-]+(?:\\s*,\\s*[A-Za-z0-9_-]+)*)\\s*(?:--\\s*(.*?))?\\s*$");

    private static final Set<String> COLUMN_CONSTRAINT_WORDS = Set.of("CONSTRAINT", "NOT", "NULL", "DEFAULT",
            "PRIMARY", "UNIQUE", "REFERENCES", "CHECK", "GENERATED", "COLLATE");
    private static final Set<String> TABLE_CONSTRAINT_WORDS = Set.of("CONSTRAINT", "PRIMARY", "UNIQUE", "FOREIGN",
            "CHECK", "EXCLUDE", "LIKE");
    private static final Set<String> VOLATILE_FUNCTIONS = Set.of("random", "clock_timestamp", "timeofday",
            "gen_random_uuid", "uuid_generate_v1", "uuid_generate_v4", "nextval", "txid_current");
    private static final Set<String> POSTGRES_FUNCTIONS = Set.of("now", "gen_random_uuid", "uuid_generate_v1",
            "uuid_generate_v4", "clock_timestamp", "date_trunc", "to_char", "to_timestamp", "nextval", "currval",
            "setval", "array_agg", "jsonb_build_object", "jsonb_set", "regexp_replace", "timeofday");
    private static final Set<String> SERIAL_TYPES = Set.of("SERIAL", "SERIAL4", "SERIAL8", "BIGSERIAL",
            "SMALLSERIAL", "SERIAL2");
    private static final Set<String> INT_TYPES = Set.of("INT", "INTEGER", "INT4", "SMALLINT", "INT2", "SERIAL",
            "SERIAL4", "SMALLSERIAL", "SERIAL2", "MEDIUMINT");

    private final boolean portable;
    private final Predicate<String> released;
    private final List<Finding> findings = new ArrayList<>();
    /** Columns in an index, primary key, unique or foreign key, by table: SQLite cannot drop them. */
    private final Map<String, Set<String>> keyedColumns = new HashMap<>();
    /** {@code CHECK (col IS NOT NULL) NOT VALID} constraints by name, as {@code table.col}. */
    private final Map<String, String> notNullChecks = new HashMap<>();
    /** Columns a validated {@code CHECK (col IS NOT NULL)} covers: SET NOT NULL skips the scan (PostgreSQL 12+). */
    private final Set<String> provenNotNull = new HashSet<>();

    private LintEngine(boolean portable, Predicate<String> released) {
        this.portable = portable;
        this.released = released;
    }

    /**
     * Lints a set.
     *
     * @param migrations the migration scripts, in version order
     * @param undo       the undo scripts by version, or null when the set has no undo directory
     * @param portable   whether the set must also run on SQLite
     * @param released   which versions are released (their errors are reported as released)
     * @return the findings, by file and line
     */
    public static List<Finding> lint(List<Script> migrations, Map<String, Script> undo, boolean portable,
            Predicate<String> released) {
        LintEngine engine = new LintEngine(portable, released);
        for (Script script : migrations) {
            ScriptState state = engine.migration(script);
            if (undo != null) {
                engine.undo(script, state, undo.get(script.version()));
            }
        }
        return engine.findings.stream()
                .sorted(Comparator.comparing(Finding::file).thenComparingInt(Finding::line))
                .toList();
    }

    // ---- one migration -------------------------------------------------------------------------------------

    /** What one script did, for the undo comparison and for the rules that know what is new. */
    static final class ScriptState {
        final Set<String> newTables = new HashSet<>();
        final Set<String> newIndexes = new HashSet<>();
        final Set<String> notValid = new HashSet<>();
        final Set<String> createdViews = new HashSet<>();
        final Map<String, String> createdIndexes = new LinkedHashMap<>();
        final Set<String> addedColumns = new HashSet<>();
        final Map<String, String> renamedTables = new LinkedHashMap<>();
        final Map<String, String> renamedColumns = new LinkedHashMap<>();
        final Set<String> droppedTables = new HashSet<>();
        final Set<String> droppedIndexes = new HashSet<>();
        final Set<String> droppedViews = new HashSet<>();
        final Set<String> droppedColumns = new HashSet<>();
        final List<Comment> comments = new ArrayList<>();
        boolean explicitTransaction;
        boolean lockTimeout;
        boolean lockTimeoutReported;
        int statements;
        int line = 1;
    }

    /** The current script and statement, for reporting. */
    private record Context(Script script, Statement statement, ScriptState state) {
    }

    private ScriptState migration(Script script) {
        SqlScanner.Result scan = SqlScanner.scan(script.sql());
        ScriptState state = new ScriptState();
        state.statements = scan.statements().size();
        for (Statement statement : scan.statements()) {
            state.comments.addAll(statement.comments());
            Context ctx = new Context(script, statement, state);
            allowComments(ctx);
            statement(ctx);
        }
        if (scan.error() != null) {
            report(new Context(script, null, state), Rule.PARSE_ERROR, scan.errorLine(), scan.error(), null);
        }
        return state;
    }

    private void statement(Context ctx) {
        List<Token> tokens = ctx.statement().tokens();
        Cursor c = new Cursor(tokens);
        if (portable) {
            portableExpressions(ctx, tokens);
        }
        if (c.at("BEGIN") || c.at("START", "TRANSACTION") || c.at("COMMIT") || c.at("END") || c.at("ROLLBACK")) {
            ctx.state().explicitTransaction = true;
            report(ctx, Rule.TRANSACTION_CONTROL, ctx.statement().line(), tokens.getFirst().upper()
                    + " inside a migration: Flyway already runs it in a transaction; this ends or nests it, and a "
                    + "later failure leaves the migration half applied.", null);
        } else if (c.accept("CREATE")) {
            c.accept("OR", "REPLACE");
            if (c.at("UNIQUE", "INDEX") || c.at("INDEX")) {
                createIndex(ctx, c);
            } else {
                while (c.accept("GLOBAL") || c.accept("LOCAL") || c.accept("TEMP") || c.accept("TEMPORARY")
                        || c.accept("UNLOGGED")) {
                    // modifiers
                }
                if (c.accept("TABLE")) {
                    createTable(ctx, c);
                } else if (c.at("VIEW") || c.at("MATERIALIZED", "VIEW")) {
                    boolean materialized = c.accept("MATERIALIZED");
                    c.accept("VIEW");
                    c.accept("IF", "NOT", "EXISTS");
                    ctx.state().createdViews.add(c.name());
                    if (materialized) {
                        notPortable(ctx, "CREATE MATERIALIZED VIEW");
                    }
                } else {
                    notPortable(ctx, "CREATE " + (c.done() ? "" : c.peek().upper()));
                }
            }
        } else if (c.accept("DROP")) {
            if (c.accept("TABLE")) {
                dropTable(ctx, c);
            } else if (c.accept("INDEX")) {
                dropIndex(ctx, c);
            } else if (c.accept("VIEW")) {
                c.accept("IF", "EXISTS");
                ctx.state().droppedViews.add(c.name());
            } else {
                notPortable(ctx, "DROP " + (c.done() ? "" : c.peek().upper()));
            }
        } else if (c.accept("ALTER")) {
            if (c.accept("TABLE")) {
                alterTable(ctx, c);
            } else {
                notPortable(ctx, "ALTER " + (c.done() ? "" : c.peek().upper()));
            }
        } else if (c.at("TRUNCATE")) {
            c.accept("TRUNCATE");
            c.accept("TABLE");
            report(ctx, Rule.TRUNCATE, ctx.statement().line(), "TRUNCATE deletes every row of " + c.name()
                    + " under an ACCESS EXCLUSIVE lock.", null);
            notPortable(ctx, "TRUNCATE");
        } else if (c.at("SET") && Tokens.hasWords(tokens, "LOCK_TIMEOUT")) {
            ctx.state().lockTimeout = true;
            notPortable(ctx, "SET");
        } else if (c.at("COMMENT", "ON") || c.at("GRANT") || c.at("REVOKE")
                || c.at("SET") || c.at("RESET") || c.at("CLUSTER") || c.at("DO")) {
            notPortable(ctx, tokens.getFirst().upper());
        }
    }

    /** Expressions SQLite cannot evaluate, wherever they appear. */
    private void portableExpressions(Context ctx, List<Token> tokens) {
        for (int i = 0; i + 1 < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.isSymbol(":") && tokens.get(i + 1).isSymbol(":")) {
                report(ctx, Rule.SQLITE_INCOMPATIBLE, t.line(), "A `::` cast: SQLite has no `::` operator.",
                        "Use CAST(x AS type), which both engines run.");
                return;
            }
            if (t.kind() == Token.Kind.WORD && tokens.get(i + 1).isSymbol("(")
                    && POSTGRES_FUNCTIONS.contains(t.name())) {
                report(ctx, Rule.SQLITE_INCOMPATIBLE, t.line(), t.name() + "() is a PostgreSQL function that "
                        + "SQLite does not have.", "Compute the value in the application (ids are UUIDv7 text, "
                        + "timestamps UTC instants written by the library).");
                return;
            }
        }
    }

    // ---- CREATE TABLE / INDEX ------------------------------------------------------------------------------

    private void createTable(Context ctx, Cursor c) {
        c.accept("IF", "NOT", "EXISTS");
        String table = c.name();
        ctx.state().newTables.add(table);
        if (c.done() || !c.peek().isSymbol("(")) {
            return; // AS SELECT, PARTITION OF …
        }
        List<Token> rest = c.rest();
        List<Token> body = rest.subList(1, Math.min(Tokens.closing(rest, 0), rest.size()));
        List<List<Token>> elements = Tokens.splitOnCommas(body);
        Set<String> keys = new HashSet<>();
        Set<String> keyed = keyedColumns.computeIfAbsent(table, k -> new HashSet<>());
        for (List<Token> element : elements) {
            if (!element.isEmpty() && element.getFirst().kind() == Token.Kind.WORD
                    && TABLE_CONSTRAINT_WORDS.contains(element.getFirst().upper())) {
                int kind = element.getFirst().is("CONSTRAINT") ? 2 : 0;
                if (kind < element.size() && (element.get(kind).is("PRIMARY") || element.get(kind).is("FOREIGN")
                        || element.get(kind).is("UNIQUE"))) {
                    List<String> columns = Tokens.columnList(element, kind);
                    keys.addAll(columns);
                    keyed.addAll(columns);
                }
            }
        }
        for (List<Token> element : elements) {
            if (!element.isEmpty() && !(element.getFirst().kind() == Token.Kind.WORD
                    && TABLE_CONSTRAINT_WORDS.contains(element.getFirst().upper()))) {
                Column column = Column.of(element);
                if (column.inlineKey()) {
                    keyed.add(column.name());
                }
                columnType(ctx, table, column, keys.contains(column.name()));
            }
        }
    }

    private void createIndex(Context ctx, Cursor c) {
        int line = c.peek().line();
        boolean unique = c.accept("UNIQUE");
        c.accept("INDEX");
        boolean concurrently = c.accept("CONCURRENTLY");
        c.accept("IF", "NOT", "EXISTS");
        String index = c.at("ON") ? null : c.name();
        c.accept("ON");
        c.accept("ONLY");
        String table = c.name();
        List<Token> rest = c.rest();
        if (index != null) {
            ctx.state().newIndexes.add(index);
            ctx.state().createdIndexes.put(index, table);
        }
        keyedColumns.computeIfAbsent(table, k -> new HashSet<>()).addAll(Tokens.columnList(rest, 0));
        if (concurrently) {
            concurrently(ctx, line, "CREATE INDEX CONCURRENTLY");
        } else if (!ctx.state().newTables.contains(table)) {
            strongLock(ctx, line, "table " + table);
            report(ctx, Rule.REQUIRE_CONCURRENT_INDEX, line, "CREATE " + (unique ? "UNIQUE " : "") + "INDEX on "
                    + "existing table " + table + " without CONCURRENTLY blocks its writes (SHARE lock) for the "
                    + "whole build.", portable ? Rule.REQUIRE_CONCURRENT_INDEX.fix() + " SQLite has no CONCURRENTLY:"
                    + " in a portable set, allow it with a reason when the table is small, or keep the set "
                    + "PostgreSQL-only." : null);
        }
        if (portable && index == null) {
            notPortable(ctx, "CREATE INDEX without a name");
        } else if (portable && (c.at("USING") || Tokens.hasWords(rest, "INCLUDE"))) {
            notPortable(ctx, "CREATE INDEX … USING/INCLUDE");
        }
    }

    private void concurrently(Context ctx, int line, String what) {
        if (portable) {
            report(ctx, Rule.SQLITE_INCOMPATIBLE, line, what + ": SQLite has no CONCURRENTLY.", null);
        }
        if (ctx.state().explicitTransaction || ctx.state().statements > 1) {
            report(ctx, Rule.CONCURRENTLY_IN_TRANSACTION, line, what + " cannot run inside a transaction block, "
                    + "and this migration " + (ctx.state().explicitTransaction ? "opens one" : "has other "
                    + "statements: Flyway refuses to mix them, or runs all of them outside a transaction") + ".",
                    null);
        }
    }

    // ---- DROP ----------------------------------------------------------------------------------------------

    private void dropTable(Context ctx, Cursor c) {
        int line = ctx.statement().line();
        c.accept("IF", "EXISTS");
        List<List<Token>> names = Tokens.splitOnCommas(c.rest());
        for (List<Token> part : names) {
            String table = new Cursor(part).name();
            ctx.state().droppedTables.add(table);
            if (!ctx.state().newTables.contains(table)) {
                strongLock(ctx, line, "table " + table);
                report(ctx, Rule.DROP_TABLE, line, "DROP TABLE " + table + " deletes its rows for good, and the "
                        + "running release fails on it until it is replaced.", null);
            }
            keyedColumns.remove(table);
        }
        if (portable && (names.size() > 1 || Tokens.hasWords(c.rest(), "CASCADE"))) {
            notPortable(ctx, "DROP TABLE of several tables or with CASCADE");
        }
    }

    private void dropIndex(Context ctx, Cursor c) {
        int line = ctx.statement().line();
        boolean concurrently = c.accept("CONCURRENTLY");
        c.accept("IF", "EXISTS");
        String index = c.name();
        ctx.state().droppedIndexes.add(index);
        if (concurrently) {
            concurrently(ctx, line, "DROP INDEX CONCURRENTLY");
        } else if (!ctx.state().newIndexes.contains(index)) {
            strongLock(ctx, line, "the table of index " + index);
            report(ctx, Rule.REQUIRE_CONCURRENT_INDEX_DROP, line, "DROP INDEX " + index + " without CONCURRENTLY "
                    + "takes an ACCESS EXCLUSIVE lock on its table: every read and write waits.",
                    portable ? Rule.REQUIRE_CONCURRENT_INDEX_DROP.fix() + " SQLite has no CONCURRENTLY: in a "
                    + "portable set, allow it with a reason when the table is small." : null);
        }
    }

    // ---- ALTER TABLE ---------------------------------------------------------------------------------------

    private void alterTable(Context ctx, Cursor c) {
        boolean ifExists = c.accept("IF", "EXISTS");
        boolean only = c.accept("ONLY");
        String table = c.name();
        if (!c.done() && c.peek().isSymbol("*")) {
            c.next();
        }
        boolean isNew = ctx.state().newTables.contains(table);
        if (!isNew) {
            strongLock(ctx, ctx.statement().line(), "table " + table);
        }
        List<List<Token>> actions = Tokens.splitOnCommas(c.rest());
        if (portable && (ifExists || only)) {
            notPortable(ctx, "ALTER TABLE " + (ifExists ? "IF EXISTS" : "ONLY"));
        }
        if (portable && actions.size() > 1) {
            report(ctx, Rule.SQLITE_INCOMPATIBLE, ctx.statement().line(), "ALTER TABLE with " + actions.size()
                    + " changes: SQLite runs one change per ALTER TABLE.", "Write one ALTER TABLE per change.");
        }
        for (List<Token> action : actions) {
            if (!action.isEmpty()) {
                alterAction(ctx, table, isNew, action);
            }
        }
    }

    private void alterAction(Context ctx, String table, boolean isNew, List<Token> action) {
        Cursor a = new Cursor(action);
        int line = action.getFirst().line();
        if (a.accept("ADD")) {
            if (a.at("CONSTRAINT") || a.at("PRIMARY") || a.at("UNIQUE") || a.at("FOREIGN") || a.at("CHECK")
                    || a.at("EXCLUDE")) {
                addConstraint(ctx, table, isNew, a, line);
                return;
            }
            a.accept("COLUMN");
            boolean ifNotExists = a.accept("IF", "NOT", "EXISTS");
            Column column = Column.of(a.rest());
            ctx.state().addedColumns.add(table + "." + column.name());
            if (column.inlineKey()) {
                keyedColumns.computeIfAbsent(table, k -> new HashSet<>()).add(column.name());
            }
            if (portable && ifNotExists) {
                notPortable(ctx, "ADD COLUMN IF NOT EXISTS");
            }
            addColumn(ctx, table, isNew, column, line);
            columnType(ctx, table, column, false);
        } else if (a.accept("DROP")) {
            if (a.accept("CONSTRAINT")) {
                if (portable) {
                    rebuild(ctx, line, "DROP CONSTRAINT");
                }
                return;
            }
            a.accept("COLUMN");
            boolean ifExists = a.accept("IF", "EXISTS");
            String column = a.name();
            ctx.state().droppedColumns.add(table + "." + column);
            if (!isNew) {
                report(ctx, Rule.DROP_COLUMN, line, "DROP COLUMN " + table + "." + column + " deletes its values for "
                        + "good, and the running release fails when it reads or writes it.", null);
            }
            if (portable && ifExists) {
                notPortable(ctx, "DROP COLUMN IF EXISTS");
            }
            if (portable && keyedColumns.getOrDefault(table, Set.of()).contains(column)) {
                rebuild(ctx, line, "DROP COLUMN of " + table + "." + column + ", which is indexed or part of a key,");
            }
        } else if (a.accept("ALTER")) {
            a.accept("COLUMN");
            String column = a.name();
            if (a.at("TYPE") || a.at("SET", "DATA", "TYPE")) {
                if (!a.accept("TYPE")) {
                    a.accept("SET", "DATA", "TYPE");
                }
                if (!isNew) {
                    report(ctx, Rule.CHANGE_COLUMN_TYPE, line, "ALTER COLUMN " + table + "." + column + " TYPE "
                            + "rewrites the table (and its indexes) under an ACCESS EXCLUSIVE lock, and the running "
                            + "release may not read the new type.", null);
                }
                columnType(ctx, table, new Column(column, a.rest(), List.of()), false);
            } else if (a.at("SET", "NOT", "NULL") && !isNew && !provenNotNull.contains(table + "." + column)) {
                report(ctx, Rule.SET_NOT_NULL, line, "SET NOT NULL on " + table + "." + column + " scans every row "
                        + "under an ACCESS EXCLUSIVE lock.", null);
            }
            if (portable) {
                rebuild(ctx, line, "ALTER COLUMN");
            }
        } else if (a.accept("RENAME")) {
            if (a.accept("TO")) {
                String to = a.name();
                ctx.state().renamedTables.put(table, to);
                if (ctx.state().newTables.remove(table)) {
                    ctx.state().newTables.add(to);
                } else {
                    report(ctx, Rule.RENAME_TABLE, line, "RENAME " + table + " TO " + to + ": the running release "
                            + "still uses the old name and fails until every instance is replaced.", null);
                }
                Set<String> keyed = keyedColumns.remove(table);
                if (keyed != null) {
                    keyedColumns.put(to, keyed);
                }
            } else if (a.accept("CONSTRAINT")) {
                if (portable) {
                    notPortable(ctx, "RENAME CONSTRAINT");
                }
            } else {
                a.accept("COLUMN");
                String from = a.name();
                a.accept("TO");
                String to = a.name();
                ctx.state().renamedColumns.put(table + "." + from, to);
                if (!isNew) {
                    report(ctx, Rule.RENAME_COLUMN, line, "RENAME COLUMN " + table + "." + from + " TO " + to
                            + ": the running release still reads and writes the old name and fails.", null);
                }
            }
        } else if (a.accept("VALIDATE", "CONSTRAINT")) {
            String name = a.name();
            if (notNullChecks.containsKey(name)) {
                provenNotNull.add(notNullChecks.get(name));
            }
            if (ctx.state().notValid.contains(name)) {
                report(ctx, Rule.CONSTRAINT_NOT_VALID, line, "VALIDATE CONSTRAINT " + name + " in the migration "
                        + "that adds it NOT VALID: both run in one transaction, so the strong lock is held while "
                        + "every row is checked.", "Move VALIDATE CONSTRAINT to a later migration.");
            }
            if (portable) {
                notPortable(ctx, "VALIDATE CONSTRAINT");
            }
        } else if (portable) {
            notPortable(ctx, "ALTER TABLE … " + action.getFirst().upper());
        }
    }

    private void addConstraint(Context ctx, String table, boolean isNew, Cursor a, int line) {
        String name = a.accept("CONSTRAINT") ? a.name() : null;
        String label = name == null ? "a constraint" : "constraint " + name;
        List<Token> rest = a.rest();
        boolean notValid = Tokens.hasWords(rest, "NOT", "VALID");
        if (a.at("PRIMARY") || a.at("UNIQUE") || a.at("FOREIGN")) {
            keyedColumns.computeIfAbsent(table, k -> new HashSet<>()).addAll(Tokens.columnList(rest, 0));
        }
        if (portable) {
            rebuild(ctx, line, "ADD CONSTRAINT");
        }
        if (isNew) {
            return;
        }
        if (a.at("FOREIGN") || a.at("CHECK")) {
            if (notValid) {
                if (name != null) {
                    ctx.state().notValid.add(name);
                    if (rest.size() >= 6 && rest.get(0).is("CHECK") && rest.get(1).isSymbol("(")
                            && rest.get(3).is("IS") && rest.get(4).is("NOT") && rest.get(5).is("NULL")) {
                        notNullChecks.put(name, table + "." + rest.get(2).name());
                    }
                }
            } else {
                boolean fk = a.at("FOREIGN");
                report(ctx, Rule.CONSTRAINT_NOT_VALID, line, "ADD " + (fk ? "FOREIGN KEY" : "CHECK") + " " + label
                        + " on " + table + " without NOT VALID checks every row while holding "
                        + (fk ? "a SHARE ROW EXCLUSIVE lock on both tables" : "an ACCESS EXCLUSIVE lock") + ".", null);
            }
        } else if ((a.at("PRIMARY") || a.at("UNIQUE")) && !Tokens.hasWords(rest, "USING", "INDEX")
                || a.at("EXCLUDE")) {
            report(ctx, Rule.UNIQUE_CONSTRAINT, line, "ADD " + a.peek().upper() + " " + label + " on " + table
                    + " builds its index under an ACCESS EXCLUSIVE lock: every read and write waits.", null);
        }
    }

    private void addColumn(Context ctx, String table, boolean isNew, Column column, int line) {
        boolean notNull = Tokens.hasWords(column.constraints(), "NOT", "NULL");
        List<Token> defaultExpr = column.defaultExpression();
        boolean generated = Tokens.hasWords(column.constraints(), "GENERATED");
        boolean stored = generated && Tokens.hasWords(column.constraints(), "STORED");
        if (notNull && defaultExpr == null && !generated) {
            if (!isNew) {
                report(ctx, Rule.ADD_REQUIRED_COLUMN, line, "ADD COLUMN " + table + "." + column.name() + " NOT NULL "
                        + "without a DEFAULT fails on a table that has rows, and the running release's inserts "
                        + "fail without it.", null);
            }
            if (portable) {
                report(ctx, Rule.SQLITE_INCOMPATIBLE, line, "SQLite cannot add a NOT NULL column without a "
                        + "default.", "Add it with a constant DEFAULT.");
            }
        }
        if (defaultExpr != null && !isNew && defaultExpr.stream().anyMatch(t -> t.kind() == Token.Kind.WORD
                && VOLATILE_FUNCTIONS.contains(t.name()))) {
            report(ctx, Rule.ADD_COLUMN_VOLATILE_DEFAULT, line, "ADD COLUMN " + table + "." + column.name()
                    + " with a volatile DEFAULT rewrites the whole table under an ACCESS EXCLUSIVE lock.", null);
        } else if (stored && !isNew) {
            report(ctx, Rule.ADD_COLUMN_VOLATILE_DEFAULT, line, "ADD COLUMN " + table + "." + column.name()
                    + " GENERATED … STORED rewrites the whole table under an ACCESS EXCLUSIVE lock.",
                    "Add a plain column, backfill it in batches, keep it current in the application or a trigger.");
        }
        if (portable && defaultExpr != null && !constant(defaultExpr)) {
            report(ctx, Rule.SQLITE_INCOMPATIBLE, line, "SQLite cannot add a column with a non-constant default.",
                    "Add it with a constant default (or none) and let the application write the value.");
        }
        if (portable && (Tokens.hasWords(column.constraints(), "PRIMARY") || Tokens.hasWords(column.constraints(),
                "UNIQUE"))) {
            report(ctx, Rule.SQLITE_INCOMPATIBLE, line, "SQLite cannot add a PRIMARY KEY or UNIQUE column.",
                    "Add the column, then CREATE UNIQUE INDEX on it.");
        }
        if (!isNew && Tokens.hasWords(column.constraints(), "UNIQUE")) {
            report(ctx, Rule.UNIQUE_CONSTRAINT, line, "ADD COLUMN … UNIQUE on " + table + " builds its index under "
                    + "an ACCESS EXCLUSIVE lock.", null);
        }
    }

    private static boolean constant(List<Token> expression) {
        return expression.stream().allMatch(t -> t.kind() == Token.Kind.STRING || t.kind() == Token.Kind.NUMBER
                || t.is("TRUE") || t.is("FALSE") || t.is("NULL") || t.isSymbol("-") || t.isSymbol("+")
                || t.isSymbol("(") || t.isSymbol(")"));
    }

    /** The rules about a column's declared type. */
    private void columnType(Context ctx, String table, Column column, boolean tableKey) {
        List<Token> type = column.type();
        if (type.isEmpty() || type.getFirst().kind() != Token.Kind.WORD) {
            return;
        }
        String first = type.getFirst().upper();
        int line = type.getFirst().line();
        String where = table + "." + column.name();
        boolean hasLength = type.size() > 1 && type.get(1).isSymbol("(")
                || Tokens.hasWords(type, "VARYING") && type.stream().anyMatch(t -> t.isSymbol("("));
        boolean varying = first.equals("VARCHAR") || first.equals("NVARCHAR") || Tokens.hasWords(type, "VARYING");
        if (varying && hasLength || !varying && (first.equals("CHAR") || first.equals("CHARACTER")
                || first.equals("NCHAR") || first.equals("BPCHAR"))) {
            report(ctx, Rule.PREFER_TEXT, line, where + " is " + text(type) + ": changing the length later takes a "
                    + "lock (a rewrite for CHAR), CHAR pads with spaces, and SQLite does not enforce either.", null);
        }
        if (first.equals("TIMESTAMP") && !Tokens.hasWords(type, "WITH", "TIME", "ZONE")) {
            report(ctx, Rule.PREFER_TIMESTAMPTZ, line, where + " is TIMESTAMP without time zone: a local time with "
                    + "no offset.", null);
        }
        boolean key = tableKey || column.inlineKey() || column.name().equals("id") || column.name().endsWith("_id");
        if (INT_TYPES.contains(first) && key) {
            report(ctx, Rule.PREFER_BIGINT_KEY, line, where + " is a 32-bit (or smaller) key column (" + first
                    + ").", null);
        }
        if (SERIAL_TYPES.contains(first)) {
            if (portable) {
                report(ctx, Rule.SQLITE_INCOMPATIBLE, line, where + " is " + first + ": SQLite accepts the type but "
                        + "never fills it, so its ids are NULL.", Rule.PREFER_IDENTITY.fix());
            } else {
                report(ctx, Rule.PREFER_IDENTITY, line, where + " is " + first + ": a sequence owned loosely by the "
                        + "column (permissions, dumps and copies go wrong).", null);
            }
        }
        if (portable && Tokens.hasWords(column.constraints(), "AS", "IDENTITY")) {
            report(ctx, Rule.SQLITE_INCOMPATIBLE, line, where + " is an identity column: SQLite cannot run "
                    + "GENERATED … AS IDENTITY.", Rule.PREFER_IDENTITY.fix());
        }
        if (portable && type.stream().anyMatch(t -> t.isSymbol("["))) {
            report(ctx, Rule.SQLITE_INCOMPATIBLE, line, where + " is an array (" + text(type) + "): SQLite has none.",
                    "Use a child table, or JSONB text.");
        }
    }

    private static String text(List<Token> tokens) {
        StringBuilder out = new StringBuilder();
        for (Token t : tokens) {
            if (!out.isEmpty() && t.kind() != Token.Kind.SYMBOL && !out.toString().endsWith("(")) {
                out.append(' ');
            }
            out.append(t.kind() == Token.Kind.WORD ? t.upper() : t.text());
        }
        return out.toString();
    }

    /** A statement that takes a strong lock on an existing table: it should not wait for it forever. */
    private void strongLock(Context ctx, int line, String what) {
        if (!ctx.state().lockTimeout && !ctx.state().lockTimeoutReported) {
            ctx.state().lockTimeoutReported = true;
            report(ctx, Rule.REQUIRE_LOCK_TIMEOUT, line, "Locks " + what + " with no lock_timeout set: while it "
                    + "waits behind a long query, every later query on that table waits behind it.", null);
        }
    }

    private void notPortable(Context ctx, String what) {
        if (portable) {
            report(ctx, Rule.SQLITE_INCOMPATIBLE, ctx.statement().line(), what + ": SQLite cannot run it.", null);
        }
    }

    private void rebuild(Context ctx, int line, String what) {
        report(ctx, Rule.SQLITE_REBUILD, line, what + ": SQLite cannot change an existing table this way.", null);
    }

    // ---- undo ----------------------------------------------------------------------------------------------

    private void undo(Script migration, ScriptState forward, Script undoScript) {
        if (undoScript == null) {
            report(new Context(migration, null, forward), Rule.UNDO_MISSING, 1, migration.file() + " has no undo "
                    + "script U" + migration.version() + "__….sql: `db downgrade` cannot pass it.", null);
            return;
        }
        SqlScanner.Result scan = SqlScanner.scan(undoScript.sql());
        ScriptState back = new ScriptState();
        LintEngine reader = new LintEngine(false, v -> true);
        for (Statement statement : scan.statements()) {
            back.comments.addAll(statement.comments());
            reader.statement(new Context(undoScript, statement, back));
        }
        Context ctx = new Context(new Script(undoScript.file(), migration.version(), undoScript.sql()), null, back);
        if (scan.error() != null) {
            report(ctx, Rule.PARSE_ERROR, scan.errorLine(), scan.error(), null);
        }
        List<String> missing = new ArrayList<>();
        for (String table : forward.newTables) {
            if (!back.droppedTables.contains(table)) {
                missing.add("drop table " + table);
            }
        }
        forward.createdIndexes.forEach((index, table) -> {
            if (!forward.newTables.contains(table) && !back.droppedIndexes.contains(index)
                    && !back.droppedTables.contains(table)) {
                missing.add("drop index " + index);
            }
        });
        for (String view : forward.createdViews) {
            if (!back.droppedViews.contains(view)) {
                missing.add("drop view " + view);
            }
        }
        for (String column : forward.addedColumns) {
            String table = column.substring(0, column.indexOf('.'));
            if (!forward.newTables.contains(table) && !back.droppedColumns.contains(column)
                    && !back.droppedTables.contains(table)) {
                missing.add("drop column " + column);
            }
        }
        forward.renamedTables.forEach((from, to) -> {
            if (!from.equals(back.renamedTables.get(to))) {
                missing.add("rename table " + to + " back to " + from);
            }
        });
        forward.renamedColumns.forEach((from, to) -> {
            String table = from.substring(0, from.indexOf('.'));
            String old = from.substring(from.indexOf('.') + 1);
            if (!old.equals(back.renamedColumns.get(table + "." + to))) {
                missing.add("rename column " + table + "." + to + " back to " + old);
            }
        });
        for (String table : forward.droppedTables) {
            if (!forward.newTables.contains(table) && !back.newTables.contains(table)) {
                missing.add("re-create table " + table);
            }
        }
        for (String index : forward.droppedIndexes) {
            if (!forward.newIndexes.contains(index) && !back.newIndexes.contains(index)) {
                missing.add("re-create index " + index);
            }
        }
        for (String column : forward.droppedColumns) {
            if (!back.addedColumns.contains(column)) {
                missing.add("re-add column " + column);
            }
        }
        if (!missing.isEmpty()) {
            report(ctx, Rule.UNDO_INCOMPLETE, 1, undoScript.file() + " does not reverse " + migration.file() + ": "
                    + "it must " + String.join(", ", missing) + ".", null);
        }
    }

    // ---- reporting and allow comments ----------------------------------------------------------------------

    private record Allow(Set<String> rules, String reason) {
    }

    private static List<Allow> allows(List<Comment> comments) {
        List<Allow> out = new ArrayList<>();
        for (Comment comment : comments) {
            Matcher m = ALLOW.matcher(comment.text());
            if (m.matches()) {
                Set<String> rules = new HashSet<>(List.of(m.group(1).split("\\s*,\\s*")));
                String reason = m.group(2) == null || m.group(2).isBlank() ? null : m.group(2).strip();
                out.add(new Allow(rules, reason));
            }
        }
        return out;
    }

    /** Reports allow comments that silence nothing because they lack a reason or name an unknown rule. */
    private void allowComments(Context ctx) {
        for (Comment comment : ctx.statement().comments()) {
            String text = comment.text().strip();
            if (!text.startsWith("lint:")) {
                continue;
            }
            Matcher m = ALLOW.matcher(comment.text());
            if (!m.matches()) {
                report(ctx, Rule.LINT_ALLOW, comment.line(), "Unreadable lint comment `" + text + "`.", null);
                continue;
            }
            for (String id : m.group(1).split("\\s*,\\s*")) {
                if (Rule.byId(id).isEmpty()) {
                    report(ctx, Rule.LINT_ALLOW, comment.line(), "`lint: allow " + id + "` names no rule.", null);
                }
            }
            if (m.group(2) == null || m.group(2).isBlank()) {
                report(ctx, Rule.LINT_ALLOW, comment.line(), "`lint: allow " + m.group(1) + "` gives no reason, "
                        + "so it silences nothing.", null);
            }
        }
    }

    private void report(Context ctx, Rule rule, int line, String message, String fix) {
        if (rule.scope() == Rule.Scope.PORTABLE && !portable || rule.scope() == Rule.Scope.POSTGRESQL && portable) {
            return;
        }
        List<Comment> comments = ctx.statement() != null ? ctx.statement().comments() : ctx.state().comments;
        String reason = null;
        for (Allow allow : allows(comments)) {
            if (allow.rules().contains(rule.id()) && allow.reason() != null && rule != Rule.LINT_ALLOW) {
                reason = allow.reason();
            }
        }
        String version = ctx.script().version();
        findings.add(new Finding(ctx.script().file(), version, line, rule.id(), rule.severity(), message,
                fix != null ? fix : rule.fix(), reason != null, reason, version != null && released.test(version)));
    }
}
