package dev.windsurf.data.internal.schema;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An engine-neutral description of a database schema: what a migration set produced. Two snapshots are compared
 * with {@link SchemaDiff}. Immutable.
 *
 * @param engine the engine it was read from ({@code postgresql} or {@code sqlite})
 * @param tables the tables by name, Flyway's history table left out
 */
public record SchemaSnapshot(String engine, SortedMap<String, Table> tables) {

    public SchemaSnapshot {
        tables = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(tables));
    }

    /**
     * One table.
     *
     * @param columns     by name
     * @param primaryKey  the primary key, or null
     * @param foreignKeys by name
     * @param uniques     unique constraints by name
     * @param indexes     indexes by name (unique or not), those that back a constraint left out
     * @param checks      CHECK constraints: name to normalised expression
     */
    public record Table(String name, SortedMap<String, Column> columns, Key primaryKey,
                        SortedMap<String, ForeignKey> foreignKeys, SortedMap<String, Key> uniques,
                        SortedMap<String, Index> indexes, SortedMap<String, String> checks) {

        public Table {
            columns = copy(columns);
            foreignKeys = copy(foreignKeys);
            uniques = copy(uniques);
            indexes = copy(indexes);
            checks = copy(checks);
        }
    }

    /**
     * One column.
     *
     * @param type       the declared type, normalised (lower case, single spaces)
     * @param family     the engine-neutral type family, see {@link TypeFamilies}
     * @param nullable   whether NULL is allowed
     * @param defaultValue the normalised default expression, or null
     */
    public record Column(String name, String type, String family, boolean nullable, String defaultValue) {
    }

    /** A primary key or unique constraint. */
    public record Key(String name, List<String> columns) {
        public Key {
            columns = List.copyOf(columns);
        }
    }

    /** A foreign key with its delete rule ({@code CASCADE}, {@code SET NULL}, {@code RESTRICT}, {@code NO ACTION}…). */
    public record ForeignKey(String name, List<String> columns, String referencedTable, List<String> referencedColumns,
                             String onDelete) {
        public ForeignKey {
            columns = List.copyOf(columns);
            referencedColumns = List.copyOf(referencedColumns);
        }
    }

    /**
     * An index. Each key part is a column name or a normalised expression; {@code where} is the normalised predicate
     * of a partial index, or null.
     */
    public record Index(String name, boolean unique, List<String> keys, String where) {
        public Index {
            keys = List.copyOf(keys);
        }
    }

    private static <V> SortedMap<String, V> copy(Map<String, V> map) {
        return java.util.Collections.unmodifiableSortedMap(new TreeMap<>(map));
    }
}
