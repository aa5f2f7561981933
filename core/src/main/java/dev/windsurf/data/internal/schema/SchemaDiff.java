package dev.windsurf.data.internal.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/**
 * Compares two {@link SchemaSnapshot}s and describes every difference in one line of text, e.g.
 * {@code table users: column email: nullable on postgresql, NOT NULL on sqlite}. Stateless and thread-safe.
 */
public final class SchemaDiff {

    /** How strict the comparison is. */
    public enum Mode {
        /**
         * Two engines: column types compare by family ({@code varchar(10)} and {@code text} are both text), CHECK
         * constraints by name only (each engine stores the expression its own way).
         */
        ACROSS_ENGINES,
        /** One engine: declared types and CHECK expressions must match too. */
        SAME_ENGINE
    }

    private SchemaDiff() {
    }

    /**
     * Lists the differences; empty when the schemas are the same.
     *
     * @param left       one snapshot
     * @param leftLabel  how to name it in the output, e.g. {@code postgresql} or {@code expected}
     * @param right      the other snapshot
     * @param rightLabel how to name it in the output
     */
    public static List<String> compare(SchemaSnapshot left, String leftLabel, SchemaSnapshot right, String rightLabel,
                                       Mode mode) {
        List<String> out = new ArrayList<>();
        Side sides = new Side(leftLabel, rightLabel);
        for (String table : union(left.tables(), right.tables())) {
            SchemaSnapshot.Table l = left.tables().get(table);
            SchemaSnapshot.Table r = right.tables().get(table);
            if (l == null || r == null) {
                out.add("table " + table + ": " + sides.presence(l != null));
                continue;
            }
            String prefix = "table " + table + ": ";
            compareMaps(l.columns(), r.columns(), (lc, rc) -> compareColumn(prefix, lc, rc, sides, mode, out),
                    (name, inLeft) -> out.add(prefix + "column " + name + ": " + sides.presence(inLeft)));
            if (!Objects.equals(l.primaryKey(), r.primaryKey())) {
                out.add(prefix + "primary key: " + describe(l.primaryKey()) + " on " + leftLabel + ", "
                        + describe(r.primaryKey()) + " on " + rightLabel);
            }
            compareMaps(l.foreignKeys(), r.foreignKeys(), (lf, rf) -> {
                if (!lf.equals(rf)) {
                    out.add(prefix + "foreign key " + lf.name() + ": " + describe(lf) + " on " + leftLabel + ", "
                            + describe(rf) + " on " + rightLabel);
                }
            }, (name, inLeft) -> out.add(prefix + "foreign key " + name + ": " + sides.presence(inLeft)));
            compareMaps(l.uniques(), r.uniques(), (lu, ru) -> {
                if (!lu.equals(ru)) {
                    out.add(prefix + "unique constraint " + lu.name() + ": " + describe(lu) + " on " + leftLabel
                            + ", " + describe(ru) + " on " + rightLabel);
                }
            }, (name, inLeft) -> out.add(prefix + "unique constraint " + name + ": " + sides.presence(inLeft)));
            compareMaps(l.indexes(), r.indexes(), (li, ri) -> {
                if (!li.equals(ri)) {
                    out.add(prefix + "index " + li.name() + ": " + describe(li) + " on " + leftLabel + ", "
                            + describe(ri) + " on " + rightLabel);
                }
            }, (name, inLeft) -> out.add(prefix + "index " + name + ": " + sides.presence(inLeft)));
            for (String check : union(l.checks(), r.checks())) {
                String lc = l.checks().get(check);
                String rc = r.checks().get(check);
                if (lc == null || rc == null) {
                    out.add(prefix + "check constraint " + check + ": " + sides.presence(lc != null));
                } else if (mode == Mode.SAME_ENGINE && !lc.equals(rc)) {
                    out.add(prefix + "check constraint " + check + ": (" + lc + ") on " + leftLabel + ", (" + rc
                            + ") on " + rightLabel);
                }
            }
        }
        // Names come from the database: none may break the line it is printed on (console, log, SQL comment).
        return out.stream().map(OneLine::of).toList();
    }

    private static void compareColumn(String prefix, SchemaSnapshot.Column l, SchemaSnapshot.Column r, Side sides,
                                      Mode mode, List<String> out) {
        String column = prefix + "column " + l.name() + ": ";
        if (mode == Mode.SAME_ENGINE ? !l.type().equals(r.type()) : !l.family().equals(r.family())) {
            out.add(column + "type " + l.type() + " (" + l.family() + ") on " + sides.left + ", " + r.type() + " ("
                    + r.family() + ") on " + sides.right);
        }
        if (l.nullable() != r.nullable()) {
            out.add(column + nullability(l) + " on " + sides.left + ", " + nullability(r) + " on " + sides.right);
        }
        if (!Objects.equals(l.defaultValue(), r.defaultValue())) {
            out.add(column + "default " + l.defaultValue() + " on " + sides.left + ", default " + r.defaultValue()
                    + " on " + sides.right);
        }
    }

    private static String nullability(SchemaSnapshot.Column c) {
        return c.nullable() ? "nullable" : "NOT NULL";
    }

    private static String describe(SchemaSnapshot.Key key) {
        return key == null ? "none" : key.name() + " (" + String.join(", ", key.columns()) + ")";
    }

    private static String describe(SchemaSnapshot.ForeignKey fk) {
        return "(" + String.join(", ", fk.columns()) + ") -> " + fk.referencedTable() + " ("
                + String.join(", ", fk.referencedColumns()) + ") on delete " + fk.onDelete();
    }

    private static String describe(SchemaSnapshot.Index index) {
        return (index.unique() ? "unique " : "") + "(" + String.join(", ", index.keys()) + ")"
                + (index.where() == null ? "" : " where " + index.where());
    }

    private static <V> void compareMaps(Map<String, V> left, Map<String, V> right, BiConsumer<V, V> both,
                                        BiConsumer<String, Boolean> onlyOne) {
        for (String key : union(left, right)) {
            V l = left.get(key);
            V r = right.get(key);
            if (l != null && r != null) {
                both.accept(l, r);
            } else {
                onlyOne.accept(key, l != null);
            }
        }
    }

    private static TreeSet<String> union(Map<String, ?> a, Map<String, ?> b) {
        TreeSet<String> keys = new TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        return keys;
    }

    private record Side(String left, String right) {
        String presence(boolean inLeft) {
            return inLeft ? "only on " + left + ", missing on " + right : "only on " + right + ", missing on " + left;
        }
    }
}
