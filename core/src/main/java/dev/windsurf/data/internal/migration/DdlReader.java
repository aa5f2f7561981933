package dev.windsurf.data.internal.migration;

import dev.windsurf.data.Engine;
import dev.windsurf.data.internal.schema.SchemaReader;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a {@link DdlSnapshot} of the schema a connection sees: on PostgreSQL the current schema, from the catalog's
 * own renderings ({@code format_type}, {@code pg_get_constraintdef}, {@code pg_get_indexdef}); on SQLite the
 * statements stored in {@code sqlite_master}. Flyway's history table is left out. Stateless.
 */
final class DdlReader {

    private static final Pattern SIMPLE_NAME = Pattern.compile("[a-z_][a-z0-9_]*");
    private static final Set<String> RESERVED = Set.of("all", "and", "any", "array", "as", "asc", "both", "case",
            "check", "column", "constraint", "create", "default", "desc", "distinct", "do", "else", "end", "false",
            "for", "foreign", "from", "grant", "group", "having", "in", "index", "into", "is", "join", "key",
            "leading", "limit", "not", "null", "offset", "on", "or", "order", "primary", "references", "select",
            "table", "then", "to", "trailing", "true", "union", "unique", "user", "using", "when", "where", "with");
    private static final Pattern REFERENCES = Pattern.compile("(?i)\\bREFERENCES\\s+(\"[^\"]+\"|[\\w.]+)");
    private static final Pattern CONSTRAINT_KIND = Pattern.compile(
            "(?is)^(PRIMARY\\s+KEY|UNIQUE|CHECK|FOREIGN\\s+KEY)\\b.*");

    private DdlReader() {
    }

    static DdlSnapshot read(Connection c, Engine engine) throws SQLException {
        return engine == Engine.POSTGRESQL ? readPostgres(c) : readSqlite(c);
    }

    /** An identifier as SQL needs it: bare when it is a plain lower-case word, else in double quotes. */
    static String quote(String name) {
        return SIMPLE_NAME.matcher(name).matches() && !RESERVED.contains(name) ? name
                : "\"" + name.replace("\"", "\"\"") + "\"";
    }

    // ---------------------------------------------------------------- PostgreSQL

    private static DdlSnapshot readPostgres(Connection c) throws SQLException {
        String schema = single(c, "select current_schema()");
        Map<String, Map<String, DdlSnapshot.Column>> columns = new TreeMap<>();
        SchemaReader.query(c, SchemaReader.POSTGRES_COLUMNS, rs -> {
            String table = rs.getString(1);
            if (SchemaReader.isHistoryTable(table)) {
                return;
            }
            String name = rs.getString(2);
            String type = rs.getString(3);
            boolean notNull = rs.getBoolean(4);
            String defaultValue = rs.getString(5);
            String definition = quote(name) + " " + type + (notNull ? " NOT NULL" : "")
                    + (defaultValue == null ? "" : " DEFAULT " + defaultValue);
            columns.computeIfAbsent(table, k -> new LinkedHashMap<>())
                    .put(name, new DdlSnapshot.Column(name, definition, type, notNull, defaultValue));
        });
        Map<String, Map<String, DdlSnapshot.Constraint>> constraints = new TreeMap<>();
        SchemaReader.query(c, """
                select t.relname, con.conname, con.contype, pg_get_constraintdef(con.oid, true), rt.relname
                from pg_constraint con
                join pg_class t on t.oid = con.conrelid
                join pg_namespace n on n.oid = t.relnamespace
                left join pg_class rt on rt.oid = con.confrelid
                where n.nspname = current_schema() and con.contype in ('p', 'u', 'f', 'c')
                order by t.relname, position(con.contype in 'pufc'), con.conname
                """, rs -> {
            String table = rs.getString(1);
            if (!columns.containsKey(table)) {
                return;
            }
            String kind = switch (rs.getString(3)) {
                case "p" -> "PRIMARY KEY";
                case "u" -> "UNIQUE";
                case "f" -> "FOREIGN KEY";
                default -> "CHECK";
            };
            constraints.computeIfAbsent(table, k -> new LinkedHashMap<>()).put(rs.getString(2),
                    new DdlSnapshot.Constraint(rs.getString(2), kind, rs.getString(4), rs.getString(5)));
        });
        Map<String, Map<String, String>> indexes = new TreeMap<>();
        String qualifier = " ON " + quote(schema) + ".";
        SchemaReader.query(c, """
                select t.relname, i.relname, pg_get_indexdef(x.indexrelid)
                from pg_index x
                join pg_class i on i.oid = x.indexrelid
                join pg_class t on t.oid = x.indrelid
                join pg_namespace n on n.oid = t.relnamespace
                where n.nspname = current_schema()
                  and not exists (select 1 from pg_constraint con where con.conindid = x.indexrelid)
                order by t.relname, i.relname
                """, rs -> {
            String table = rs.getString(1);
            if (!columns.containsKey(table)) {
                return;
            }
            String sql = rs.getString(3).replace(qualifier, " ON ").replace(" USING btree ", " ");
            indexes.computeIfAbsent(table, k -> new TreeMap<>()).put(rs.getString(2), sql);
        });
        Map<String, DdlSnapshot.Table> tables = new TreeMap<>();
        for (Map.Entry<String, Map<String, DdlSnapshot.Column>> e : columns.entrySet()) {
            String table = e.getKey();
            Map<String, DdlSnapshot.Constraint> cons = constraints.getOrDefault(table, Map.of());
            tables.put(table, new DdlSnapshot.Table(table, createTable(table, e.getValue(), cons), e.getValue(), cons,
                    new TreeMap<>(indexes.getOrDefault(table, Map.of()))));
        }
        return new DdlSnapshot(new TreeMap<>(tables));
    }

    /** A {@code CREATE TABLE} statement in the project's layout: aligned columns, then named constraints. */
    static String createTable(String table, Map<String, DdlSnapshot.Column> columns,
                              Map<String, DdlSnapshot.Constraint> constraints) {
        int width = columns.keySet().stream().mapToInt(n -> quote(n).length()).max().orElse(0);
        List<String> lines = new ArrayList<>();
        for (DdlSnapshot.Column column : columns.values()) {
            String name = quote(column.name());
            lines.add("    " + name + " ".repeat(width - name.length() + 1)
                    + column.definition().substring(name.length() + 1));
        }
        for (DdlSnapshot.Constraint constraint : constraints.values()) {
            lines.add("    CONSTRAINT " + quote(constraint.name()) + " " + constraint.definition());
        }
        return "CREATE TABLE " + quote(table) + " (\n" + String.join(",\n", lines) + "\n)";
    }

    // ---------------------------------------------------------------- SQLite

    private static DdlSnapshot readSqlite(Connection c) throws SQLException {
        Map<String, String> creates = new TreeMap<>();
        Map<String, Map<String, String>> indexes = new TreeMap<>();
        SchemaReader.query(c, """
                select type, name, tbl_name, sql from sqlite_master
                where sql is not null and name not like 'sqlite_%' and type in ('table', 'index')
                """, rs -> {
            String table = rs.getString(3);
            if (SchemaReader.isHistoryTable(table)) {
                return;
            }
            if (rs.getString(1).equals("table")) {
                creates.put(table, rs.getString(4));
            } else {
                indexes.computeIfAbsent(table, k -> new TreeMap<>()).put(rs.getString(2), rs.getString(4));
            }
        });
        Map<String, DdlSnapshot.Table> tables = new TreeMap<>();
        for (Map.Entry<String, String> e : creates.entrySet()) {
            String create = e.getValue();
            Map<String, DdlSnapshot.Column> columns = new LinkedHashMap<>();
            Map<String, DdlSnapshot.Constraint> constraints = new LinkedHashMap<>();
            int unnamed = 0;
            for (String part : tableElements(SqlScript.withoutComments(create))) {
                // Whitespace is collapsed outside quoted names only: a name may hold a newline and must stay exact.
                String text = collapseOutsideQuotes(part.strip());
                if (text.length() > 11 && text.regionMatches(true, 0, "CONSTRAINT", 0, 10)
                        && Character.isWhitespace(text.charAt(10))) {
                    String[] named = leadingIdentifier(text.substring(11));
                    String name = unquote(named[0]);
                    constraints.put(name, constraint(name, named[1].strip()));
                } else if (CONSTRAINT_KIND.matcher(text).matches()) {
                    String name = "(unnamed " + ++unnamed + ")";
                    constraints.put(name, constraint(name, text));
                } else {
                    String name = unquote(leadingIdentifier(text)[0]);
                    boolean notNull = text.toUpperCase(Locale.ROOT).contains("NOT NULL");
                    columns.put(name, new DdlSnapshot.Column(name, text, null, notNull, null));
                }
            }
            tables.put(e.getKey(), new DdlSnapshot.Table(e.getKey(), create, columns, constraints,
                    new TreeMap<>(indexes.getOrDefault(e.getKey(), Map.of()))));
        }
        return new DdlSnapshot(new TreeMap<>(tables));
    }

    private static DdlSnapshot.Constraint constraint(String name, String definition) {
        Matcher kind = CONSTRAINT_KIND.matcher(definition);
        String k = kind.matches() ? kind.group(1).toUpperCase(Locale.ROOT).replaceAll("\\s+", " ") : "CHECK";
        Matcher ref = REFERENCES.matcher(definition);
        return new DdlSnapshot.Constraint(name, k, definition, ref.find() ? unquote(ref.group(1)) : null);
    }

    /** The comma-separated elements between a CREATE TABLE statement's outer parentheses. */
    static List<String> tableElements(String create) {
        int open = create.indexOf('(');
        List<String> out = new ArrayList<>();
        if (open < 0) {
            return out;
        }
        int depth = 0;
        int start = open + 1;
        char quote = 0;
        for (int i = open; i < create.length(); i++) {
            char ch = create.charAt(i);
            if (quote != 0) {
                if (ch == quote) {
                    quote = 0;
                }
            } else if (ch == '\'' || ch == '"' || ch == '`') {
                quote = ch;
            } else if (ch == '(') {
                depth++;
            } else if (ch == ')') {
                depth--;
                if (depth == 0) {
                    out.add(create.substring(start, i));
                    break;
                }
            } else if (ch == ',' && depth == 1) {
                out.add(create.substring(start, i));
                start = i + 1;
            }
        }
        return out.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static String unquote(String identifier) {
        String s = identifier.strip();
        if (s.length() >= 2 && (s.startsWith("\"") && s.endsWith("\"") || s.startsWith("`") && s.endsWith("`"))) {
            String q = s.substring(0, 1);
            return s.substring(1, s.length() - 1).replace(q + q, q);
        }
        if (s.length() >= 2 && s.startsWith("[") && s.endsWith("]")) {
            return s.substring(1, s.length() - 1);
        }
        return s;
    }

    /** The end (exclusive) of the quoted name or string starting at {@code i}, quotes doubled inside; else -1. */
    private static int quotedEnd(String s, int i) {
        int end = SchemaReader.afterQuoted(s, i);
        return end == i ? -1 : end;
    }

    /** The first name of {@code text} as written (quoted or not) and the rest. */
    private static String[] leadingIdentifier(String text) {
        int end = quotedEnd(text, 0);
        if (end < 0) {
            end = 0;
            while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
                end++;
            }
        }
        return new String[] {text.substring(0, end), text.substring(end)};
    }

    private static String collapseOutsideQuotes(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            int end = quotedEnd(text, i);
            if (end > 0) {
                out.append(text, i, end);
                i = end - 1;
            } else if (Character.isWhitespace(text.charAt(i))) {
                if (out.isEmpty() || out.charAt(out.length() - 1) != ' ') {
                    out.append(' ');
                }
            } else {
                out.append(text.charAt(i));
            }
        }
        return out.toString();
    }

    // ---------------------------------------------------------------- shared

    private static String single(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
