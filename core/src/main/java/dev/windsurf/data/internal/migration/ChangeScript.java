package dev.windsurf.data.internal.migration;

import dev.windsurf.data.Engine;
import dev.windsurf.data.internal.schema.OneLine;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Writes the SQL that turns one schema into another ({@code forward}) and back ({@code undo}), from two
 * {@link DdlSnapshot}s of the same engine: tables, columns, named constraints and indexes, each with its exact
 * definition. The undo statements are the inverses of the forward ones, in reverse order. What cannot be written as
 * a statement on the engine (changing a column or a constraint of an existing SQLite table needs a table rebuild) is
 * written as a comment saying so. Statements that would not run on SQLite are marked. Stateless.
 */
final class ChangeScript {

    /** The prefix of a comment line that marks a statement SQLite does not run. */
    static final String NOT_PORTABLE = "-- NOT PORTABLE TO SQLITE: ";
    /** The prefix of a comment that stands for a change no statement was written for. */
    static final String NOT_GENERATED = "-- NOT GENERATED: ";

    /**
     * The result.
     *
     * @param forward statements (each possibly preceded by comment lines) from the reference to the target
     * @param undo    statements from the target back to the reference
     * @param notes   one line per statement that needs attention: not portable, or not generated
     */
    record Result(List<String> forward, List<String> undo, List<String> notes) {
    }

    private record Change(String forward, String undo) {
    }

    private final Engine engine;
    private final List<Change> changes = new ArrayList<>();
    private final Set<String> notes = new LinkedHashSet<>();

    private ChangeScript(Engine engine) {
        this.engine = engine;
    }

    /**
     * The changes from {@code from} (what the migrations produce) to {@code to} (what the database has).
     *
     * @param engine the engine both snapshots come from
     */
    static Result between(DdlSnapshot from, DdlSnapshot to, Engine engine) {
        ChangeScript script = new ChangeScript(engine);
        script.compare(from, to);
        List<String> forward = new ArrayList<>();
        List<String> undo = new ArrayList<>();
        for (Change c : script.changes) {
            forward.add(script.mark(c.forward(), true));
        }
        for (Change c : script.changes.reversed()) {
            undo.add(script.mark(c.undo(), false));
        }
        return new Result(List.copyOf(forward), List.copyOf(undo), List.copyOf(script.notes));
    }

    private void compare(DdlSnapshot from, DdlSnapshot to) {
        Set<String> kept = new TreeSet<>(from.tables().keySet());
        kept.retainAll(to.tables().keySet());
        Set<String> dropped = new TreeSet<>(from.tables().keySet());
        dropped.removeAll(to.tables().keySet());
        Set<String> created = new TreeSet<>(to.tables().keySet());
        created.removeAll(from.tables().keySet());

        List<String> rebuilds = new ArrayList<>();
        // 1. foreign keys, other constraints and indexes that go or change, on tables that stay
        for (String table : kept) {
            DdlSnapshot.Table a = from.tables().get(table);
            DdlSnapshot.Table b = to.tables().get(table);
            if (engine == Engine.SQLITE && sqliteNeedsRebuild(a, b)) {
                rebuilds.add(table);
                continue;
            }
            for (boolean foreignKeys : new boolean[] {true, false}) {
                for (DdlSnapshot.Constraint c : a.constraints().values()) {
                    if (c.kind().equals("FOREIGN KEY") == foreignKeys && changedOrGone(c, b.constraints())) {
                        changes.add(new Change(alter(table) + " DROP CONSTRAINT " + DdlReader.quote(c.name()),
                                addConstraint(table, c)));
                    }
                }
            }
            for (Map.Entry<String, String> index : a.indexes().entrySet()) {
                if (!Objects.equals(index.getValue(), b.indexes().get(index.getKey()))) {
                    changes.add(new Change(dropIndex(index.getKey()), index.getValue()));
                }
            }
        }
        // 2. tables that go, those referred to last
        for (String table : dependencyOrder(from, dropped).reversed()) {
            DdlSnapshot.Table a = from.tables().get(table);
            changes.add(new Change("DROP TABLE " + DdlReader.quote(table), a.create()));
        }
        // 3. tables that come, those referred to first, with their indexes
        for (String table : dependencyOrder(to, created)) {
            DdlSnapshot.Table b = to.tables().get(table);
            changes.add(new Change(b.create(), "DROP TABLE " + DdlReader.quote(table)));
            for (Map.Entry<String, String> index : b.indexes().entrySet()) {
                changes.add(new Change(index.getValue(), dropIndex(index.getKey())));
            }
        }
        // 4. columns, then constraints and indexes that come or change, on tables that stay
        for (String table : kept) {
            DdlSnapshot.Table a = from.tables().get(table);
            DdlSnapshot.Table b = to.tables().get(table);
            if (rebuilds.contains(table)) {
                changes.add(rebuild(a, b));
                continue;
            }
            for (DdlSnapshot.Column column : b.columns().values()) {
                if (!a.columns().containsKey(column.name())) {
                    changes.add(new Change(alter(table) + " ADD COLUMN " + column.definition(),
                            alter(table) + " DROP COLUMN " + DdlReader.quote(column.name())));
                }
            }
            for (DdlSnapshot.Column old : a.columns().values()) {
                DdlSnapshot.Column now = b.columns().get(old.name());
                if (now != null && !old.definition().equals(now.definition())) {
                    alterColumn(table, old, now);
                }
            }
            for (DdlSnapshot.Column column : a.columns().values()) {
                if (!b.columns().containsKey(column.name())) {
                    changes.add(new Change(alter(table) + " DROP COLUMN " + DdlReader.quote(column.name()),
                            alter(table) + " ADD COLUMN " + column.definition()));
                }
            }
            for (boolean foreignKeys : new boolean[] {false, true}) {
                for (DdlSnapshot.Constraint c : b.constraints().values()) {
                    if (c.kind().equals("FOREIGN KEY") == foreignKeys && changedOrGone(c, a.constraints())) {
                        changes.add(new Change(addConstraint(table, c),
                                alter(table) + " DROP CONSTRAINT " + DdlReader.quote(c.name())));
                    }
                }
            }
            for (Map.Entry<String, String> index : b.indexes().entrySet()) {
                if (!Objects.equals(index.getValue(), a.indexes().get(index.getKey()))) {
                    changes.add(new Change(index.getValue(), dropIndex(index.getKey())));
                }
            }
        }
    }

    /** PostgreSQL: one ALTER COLUMN per changed property. */
    private void alterColumn(String table, DdlSnapshot.Column old, DdlSnapshot.Column now) {
        String prefix = alter(table) + " ALTER COLUMN " + DdlReader.quote(now.name());
        if (!Objects.equals(old.type(), now.type())) {
            changes.add(new Change(prefix + " TYPE " + now.type(), prefix + " TYPE " + old.type()));
        }
        if (old.notNull() != now.notNull()) {
            changes.add(new Change(prefix + (now.notNull() ? " SET NOT NULL" : " DROP NOT NULL"),
                    prefix + (old.notNull() ? " SET NOT NULL" : " DROP NOT NULL")));
        }
        if (!Objects.equals(old.defaultValue(), now.defaultValue())) {
            changes.add(new Change(setDefault(prefix, now.defaultValue()), setDefault(prefix, old.defaultValue())));
        }
    }

    private static String setDefault(String prefix, String value) {
        return value == null ? prefix + " DROP DEFAULT" : prefix + " SET DEFAULT " + value;
    }

    /** SQLite alters nothing but added and dropped columns: any other change to a table needs a rebuild. */
    private static boolean sqliteNeedsRebuild(DdlSnapshot.Table a, DdlSnapshot.Table b) {
        for (DdlSnapshot.Column column : a.columns().values()) {
            DdlSnapshot.Column now = b.columns().get(column.name());
            if (now != null && !now.definition().equalsIgnoreCase(column.definition())) {
                return true;
            }
        }
        return !normalised(a.constraints().values()).equals(normalised(b.constraints().values()));
    }

    private static Set<String> normalised(Collection<DdlSnapshot.Constraint> constraints) {
        Set<String> out = new TreeSet<>();
        for (DdlSnapshot.Constraint c : constraints) {
            out.add(c.name() + " " + c.definition().replaceAll("\\s+", " ").toLowerCase(java.util.Locale.ROOT));
        }
        return out;
    }

    private Change rebuild(DdlSnapshot.Table a, DdlSnapshot.Table b) {
        String name = OneLine.sqlComment(a.name());
        String how = "SQLite cannot alter table " + name + "'s columns or constraints. Rebuild it: CREATE TABLE "
                + name + "_new (…), INSERT INTO " + name + "_new SELECT … FROM " + name
                + ", DROP TABLE " + name + ", ALTER TABLE " + name + "_new RENAME TO " + name
                + ", then create its indexes again.";
        notes.add("table " + name + ": not generated; " + how);
        return new Change(NOT_GENERATED + how + "\n-- The table as the database has it:\n" + commented(b.create()),
                NOT_GENERATED + "rebuild table " + name + " as the migrations define it:\n"
                        + commented(a.create()));
    }

    /** The statement as comment lines: each of its lines escaped, so that none can end the comment early. */
    private static String commented(String sql) {
        StringBuilder out = new StringBuilder();
        for (String line : sql.strip().split("\n", -1)) {
            out.append(out.isEmpty() ? "" : "\n").append("--   ").append(OneLine.sqlComment(line));
        }
        return out.toString();
    }

    private String addConstraint(String table, DdlSnapshot.Constraint c) {
        return alter(table) + " ADD CONSTRAINT " + DdlReader.quote(c.name()) + " " + c.definition();
    }

    private static boolean changedOrGone(DdlSnapshot.Constraint c, Map<String, DdlSnapshot.Constraint> other) {
        DdlSnapshot.Constraint match = other.get(c.name());
        return match == null || !match.definition().equals(c.definition());
    }

    private static String alter(String table) {
        return "ALTER TABLE " + DdlReader.quote(table);
    }

    private static String dropIndex(String name) {
        return "DROP INDEX " + DdlReader.quote(name);
    }

    /** Tables so that each comes after the tables it refers to (ties and cycles by name). */
    private static List<String> dependencyOrder(DdlSnapshot snapshot, Set<String> tables) {
        List<String> ordered = new ArrayList<>();
        Set<String> remaining = new TreeSet<>(tables);
        while (!remaining.isEmpty()) {
            String next = null;
            for (String t : remaining) {
                Set<String> refs = new TreeSet<>(snapshot.tables().get(t).references());
                refs.retainAll(remaining);
                if (refs.isEmpty()) {
                    next = t;
                    break;
                }
            }
            next = next == null ? remaining.iterator().next() : next;
            ordered.add(next);
            remaining.remove(next);
        }
        return ordered;
    }

    /** Adds a NOT PORTABLE comment to a statement SQLite would refuse and, for forward ones, notes why. */
    private String mark(String sql, boolean note) {
        if (sql.startsWith(NOT_GENERATED)) {
            return sql;
        }
        List<String> problems = Portability.sqliteProblems(sql);
        if (problems.isEmpty()) {
            return sql;
        }
        String first = OneLine.sqlComment(sql.strip().split("\n", 2)[0]);
        for (String p : problems) {
            if (note) {
                notes.add(first + ": " + p);
            }
        }
        return NOT_PORTABLE + String.join("; ", problems) + "\n" + sql;
    }
}
