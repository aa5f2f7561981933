package dev.windsurf.data.internal.error;

import dev.windsurf.data.migration.MigrationSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jooq.Field;
import org.jooq.Index;
import org.jooq.Schema;
import org.jooq.SortField;
import org.jooq.Table;
import org.jooq.UniqueKey;

/**
 * Knows, from the generated schema, which table and field each named constraint guards, so that a constraint
 * violation can name the field of the caller's input. Where the generated metadata does not list a constraint
 * (expression indexes, CHECK constraints), the project's naming convention decides:
 * {@code uq_<table>_<column>[_…]}, {@code ck_<table>_<column>_…}, {@code fk_<table>_<target>}. Immutable and
 * thread-safe.
 */
public final class ConstraintCatalog {

    /** What a constraint guards. {@code field} is a column name, or null when it spans several or is unknown. */
    public record Target(String table, String field) {
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ConstraintCatalog.class);

    private final Map<String, Target> byName = new HashMap<>();
    private final Map<String, String> uniqueByColumns = new HashMap<>();
    private final Map<String, List<String>> columnsByTable = new HashMap<>();

    /** Builds the catalog from a generated schema. */
    public ConstraintCatalog(Schema schema) {
        this(List.of(schema));
    }

    /** Builds the catalog from generated schemas (one per migration set). */
    public ConstraintCatalog(List<Schema> schemas) {
        for (Schema schema : schemas) {
            add(schema);
        }
    }

    /**
     * The catalog of the migration sets' generated schemas ({@link MigrationSet#schemaClass()}); a set without one,
     * or whose class cannot be loaded, is known by the naming convention alone.
     */
    public static ConstraintCatalog of(List<MigrationSet> sets) {
        List<Schema> schemas = new ArrayList<>();
        for (MigrationSet set : sets) {
            if (set.schemaClass() == null) {
                continue;
            }
            try {
                Class<?> type = Class.forName(set.schemaClass(), true, set.classLoader());
                if (type.getField("DEFAULT_SCHEMA").get(null) instanceof Schema schema) {
                    schemas.add(schema);
                }
            } catch (ReflectiveOperationException | LinkageError e) {
                LOG.warn("Migration set {}: cannot load its generated schema {} ({}); constraint violations name "
                        + "fields by the naming convention only", set.name(), set.schemaClass(), e.toString());
            }
        }
        return new ConstraintCatalog(schemas);
    }

    private void add(Schema schema) {
        for (Table<?> table : schema.getTables()) {
            String tableName = table.getName();
            columnsByTable.put(tableName, java.util.Arrays.stream(table.fields()).map(Field::getName).toList());
            for (UniqueKey<?> key : table.getKeys()) {
                List<String> columns = key.getFields().stream().map(Field::getName).toList();
                byName.put(key.getName(), new Target(tableName, fieldOf(columns)));
                uniqueByColumns.put(tableName + ":" + String.join(",", columns), key.getName());
            }
            for (Index index : table.getIndexes()) {
                List<String> columns = index.getFields().stream().map(SortField::getName).toList();
                byName.put(index.getName(), new Target(tableName, fieldOf(columns)));
                if (index.getUnique()) {
                    uniqueByColumns.put(tableName + ":" + String.join(",", columns), index.getName());
                }
            }
        }
    }

    /**
     * Where the named constraint belongs. A constraint the metadata does not list is read by the naming
     * convention; null when neither tells.
     */
    public Target target(String constraint) {
        if (constraint == null) {
            return null;
        }
        Target known = byName.get(constraint);
        if (known != null && known.field() != null) {
            return known;
        }
        String lower = constraint.toLowerCase(Locale.ROOT);
        for (Map.Entry<String, List<String>> table : columnsByTable.entrySet()) {
            for (String prefix : new String[] {"uq_", "ck_", "fk_", "ix_"}) {
                String start = prefix + table.getKey() + "_";
                if (lower.startsWith(start)) {
                    String rest = lower.substring(start.length());
                    String best = null;
                    for (String column : table.getValue()) {
                        if ((rest.equals(column) || rest.startsWith(column + "_"))
                                && (best == null || column.length() > best.length())) {
                            best = column;
                        }
                    }
                    if (best == null && prefix.equals("fk_")) {
                        best = table.getValue().contains(rest + "_id") ? rest + "_id" : null;
                    }
                    return new Target(table.getKey(), best);
                }
            }
        }
        return known;
    }

    /** The name of the unique constraint or index on exactly these columns of the table, or null. */
    public String uniqueConstraint(String table, List<String> columns) {
        return uniqueByColumns.get(table + ":" + String.join(",", columns));
    }

    private static String fieldOf(List<String> columns) {
        if (columns.size() == 1) {
            return columns.getFirst();
        }
        // A composite key such as (owner_id, name) is about its last column for the caller: "name is taken".
        return columns.isEmpty() ? null : columns.getLast();
    }
}
