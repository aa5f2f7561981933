package dev.windsurf.data.internal.schema;

import java.util.Map;

/** Renders a {@link SchemaSnapshot} as indented text, one object a line. Stateless and thread-safe. */
public final class SchemaPrinter {

    private SchemaPrinter() {
    }

    /** Describes every table of the snapshot. */
    public static String describe(SchemaSnapshot snapshot) {
        StringBuilder out = new StringBuilder("schema on ").append(snapshot.engine()).append('\n');
        for (SchemaSnapshot.Table t : snapshot.tables().values()) {
            out.append("  table ").append(t.name()).append('\n');
            for (SchemaSnapshot.Column c : t.columns().values()) {
                out.append("    column ").append(c.name()).append(' ').append(c.type()).append(" [").append(c.family())
                        .append(']').append(c.nullable() ? "" : " not null")
                        .append(c.defaultValue() == null ? "" : " default " + c.defaultValue()).append('\n');
            }
            if (t.primaryKey() != null) {
                out.append("    primary key ").append(t.primaryKey().name()).append(' ')
                        .append(t.primaryKey().columns()).append('\n');
            }
            for (SchemaSnapshot.Key u : t.uniques().values()) {
                out.append("    unique ").append(u.name()).append(' ').append(u.columns()).append('\n');
            }
            for (SchemaSnapshot.ForeignKey f : t.foreignKeys().values()) {
                out.append("    foreign key ").append(f.name()).append(' ').append(f.columns()).append(" -> ")
                        .append(f.referencedTable()).append(f.referencedColumns()).append(" on delete ")
                        .append(f.onDelete()).append('\n');
            }
            for (SchemaSnapshot.Index i : t.indexes().values()) {
                out.append("    ").append(i.unique() ? "unique index " : "index ").append(i.name()).append(' ')
                        .append(i.keys()).append(i.where() == null ? "" : " where " + i.where()).append('\n');
            }
            for (Map.Entry<String, String> check : t.checks().entrySet()) {
                out.append("    check ").append(check.getKey()).append('\n');
            }
        }
        return out.toString();
    }
}
