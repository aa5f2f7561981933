package dev.windsurf.data.internal.migration;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A schema as the SQL that creates it, object by object, in the engine's own words: what a generated migration is
 * written from. Unlike {@code SchemaSnapshot} (normalised, for comparing) it keeps the definitions exact, so that they
 * can be run again. Immutable.
 *
 * @param tables by name
 */
record DdlSnapshot(SortedMap<String, Table> tables) {

    DdlSnapshot {
        tables = Collections.unmodifiableSortedMap(new TreeMap<>(tables));
    }

    static DdlSnapshot empty() {
        return new DdlSnapshot(new TreeMap<>());
    }

    /**
     * One table.
     *
     * @param create      a {@code CREATE TABLE} statement that makes it, without its indexes
     * @param columns     by name, in table order
     * @param constraints by name (unnamed SQLite constraints get a descriptive name in parentheses)
     * @param indexes     the {@code CREATE INDEX} statement of each index that backs no constraint, by name
     */
    record Table(String name, String create, Map<String, Column> columns, Map<String, Constraint> constraints,
                 SortedMap<String, String> indexes) {

        Table {
            columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
            constraints = Collections.unmodifiableMap(new LinkedHashMap<>(constraints));
            indexes = Collections.unmodifiableSortedMap(new TreeMap<>(indexes));
        }

        /** The tables its foreign keys refer to, itself left out. */
        Set<String> references() {
            Set<String> out = new TreeSet<>();
            for (Constraint c : constraints.values()) {
                if (c.referencedTable() != null && !c.referencedTable().equals(name)) {
                    out.add(c.referencedTable());
                }
            }
            return out;
        }
    }

    /**
     * One column.
     *
     * @param definition   the column's definition as {@code CREATE TABLE} and {@code ADD COLUMN} take it
     * @param type         its type (PostgreSQL), or null where the engine's text is all there is (SQLite)
     * @param notNull      whether it is NOT NULL
     * @param defaultValue its default expression, or null
     */
    record Column(String name, String definition, String type, boolean notNull, String defaultValue) {
    }

    /**
     * One table constraint.
     *
     * @param kind            {@code PRIMARY KEY}, {@code UNIQUE}, {@code FOREIGN KEY} or {@code CHECK}
     * @param definition      its definition after the name, e.g. {@code UNIQUE (name)}
     * @param referencedTable the table a foreign key refers to, else null
     */
    record Constraint(String name, String kind, String definition, String referencedTable) {
    }
}
